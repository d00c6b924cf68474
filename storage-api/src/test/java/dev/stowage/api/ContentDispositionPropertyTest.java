package dev.stowage.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stowage.api.spi.PercentEncoding;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of {@link ContentDisposition} over any filename: the header value is one line of printable ASCII
 * (no CR, LF or other control character can inject a header), its quoted fallback has no quote to break out
 * of, and {@code filename*} decodes to exactly the cleaned filename.
 */
class ContentDispositionPropertyTest {
    private static final Pattern HEADER = Pattern.compile(
            "(attachment|inline); filename=\"([^\"]*)\"(?:; filename\\*=UTF-8''([^;\\s\"]+))?");

    @Provide
    Arbitrary<String> filenames() {
        Arbitrary<String> pieces = Arbitraries.of("a", ".txt", ".tar.gz", " ", "\"", "\\", "/", "%", "%22", "\r",
                "\n", "\r\nSet-Cookie: x=y", "\u0000", "\u0085", "\u2028", "\u202e", "\u200b", "\u200d", "\ufeff",
                "caf\u00e9", "e\u0301", "\ud83d\ude00", "\ud800", ";", "'", "*", "=", "\u65e5\u672c", "\t")
                .list().ofMaxSize(12).map(list -> String.join("", list));
        Arbitrary<String> longNames = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(200).ofMaxLength(600)
                .map(s -> s + ".pdf");
        return Arbitraries.oneOf(pieces, longNames, Arbitraries.strings().all().ofMaxLength(30));
    }

    @Property(tries = 3000)
    void theHeaderIsOneSafeLineAndCarriesTheFilename(@ForAll("filenames") String name, @ForAll boolean attachment) {
        ContentDisposition disposition = attachment ? ContentDisposition.attachment(name)
                : ContentDisposition.inline(name);
        String header = disposition.headerValue();
        assertTrue(header.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "printable ASCII only: " + header);
        Matcher m = HEADER.matcher(header);
        assertTrue(m.matches(), "one disposition and its filename parameters: " + header);
        String filename = disposition.filename();
        assertFalse(filename.isEmpty());
        assertTrue(filename.codePointCount(0, filename.length()) <= ContentDisposition.MAX_LENGTH);
        assertTrue(filename.codePoints().noneMatch(c -> c == '/' || c == '\\' || Character.isISOControl(c)
                || Character.getType(c) == Character.SURROGATE), "no path or control character: " + filename);
        assertEquals(filename, m.group(3) == null ? m.group(2) : PercentEncoding.decode(m.group(3)));
        assertEquals(filename, (attachment ? ContentDisposition.attachment(filename)
                : ContentDisposition.inline(filename)).filename(), "cleaning is idempotent");
    }

    /** Coverage-guided: any filename (fuzzes with JAZZER_FUZZ=1, see -Pfuzz). */
    @FuzzTest
    void fuzzedFilenames(FuzzedDataProvider data) {
        theHeaderIsOneSafeLineAndCarriesTheFilename(data.consumeRemainingAsString(), true);
    }
}
