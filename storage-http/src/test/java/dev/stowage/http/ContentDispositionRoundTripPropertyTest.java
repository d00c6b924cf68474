package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.api.ContentDisposition;
import dev.stowage.api.spi.PercentEncoding;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A {@link ContentDisposition} header read back by this module's own header parser ({@link HeaderParameters},
 * as for multipart part headers) names the same file: its {@code filename*} decodes to the filename, and
 * {@code filename} is the quoted ASCII fallback, whole.
 */
class ContentDispositionRoundTripPropertyTest {
    @Provide
    Arbitrary<String> filenames() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40), Arbitraries.of("a", "\"", ";",
                "\\\"", "=", "'", " ", "%", "\u00e9", "\ud83d\ude00", "filename*=x", "\r\n").list().ofMaxSize(10)
                .map(list -> String.join("", list)));
    }

    @Property(tries = 2000)
    void theParsedHeaderNamesTheSameFile(@ForAll("filenames") String name) {
        ContentDisposition disposition = ContentDisposition.attachment(name);
        Map<String, String> parameters = HeaderParameters.of(disposition.headerValue());
        String extended = parameters.get("filename*");
        String fallback = parameters.get("filename");
        assertEquals(disposition.filename(), extended == null ? fallback
                : PercentEncoding.decode(extended.substring("UTF-8''".length())), disposition.headerValue());
    }
}
