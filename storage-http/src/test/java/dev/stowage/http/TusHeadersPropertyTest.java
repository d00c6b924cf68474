package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stowage.api.StorageId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the tus header parsers ({@link TusMetadata}, {@link TusChecksum}, {@link TusUploadLocation}):
 * what a client encodes comes back exactly, and any other text is refused with a 400 {@link HttpFailure} (or,
 * for a location, not found), never another exception.
 */
class TusHeadersPropertyTest {
    @Provide
    Arbitrary<String> headerText() {
        Arbitrary<String> pieces = Arbitraries.of("filename", "a", " ", ",", "  ", "d29ybGQ=", "QQ", "QQ=", "=",
                "sha256", "SHA256", "md5", "!", "\u00e9", "\r\n", "\u0000", ".", "0", "9", "999999999999999999",
                "0123456789abcdefghijklmnopqrstuv", "-", "+", "/").list().ofMaxSize(12).map(l -> String.join("", l));
        return Arbitraries.oneOf(pieces, Arbitraries.strings().all().ofMaxLength(40));
    }

    @Property(tries = 2000)
    void metadataRoundTripsAndAnythingElseIsA400(@ForAll @Size(max = 5) Map<@From("keys") String, String> pairs,
            @ForAll("headerText") String hostile) {
        String header = pairs.entrySet().stream().map(e -> e.getValue().isEmpty() ? e.getKey()
                : e.getKey() + " " + Base64.getEncoder().encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)))
                .collect(Collectors.joining(","));
        Map<String, String> expected = pairs.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> new String(e.getValue().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
        assertEquals(expected, TusMetadata.parse(header));
        refusedWith400OrParsed(() -> TusMetadata.parse(hostile));
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.strings().withCharRange('!', '~').excludeChars(',').ofMinLength(1).ofMaxLength(12);
    }

    @Property(tries = 2000)
    void aChecksumOf32BytesRoundTripsAndAnythingElseIsA400(@ForAll @Size(max = 40) byte[] digest,
            @ForAll("headerText") String hostile) {
        String header = "sha256 " + Base64.getEncoder().encodeToString(digest);
        if (digest.length == 32) {
            assertArrayEquals(digest, TusChecksum.parse(header));
        } else {
            assertEquals(400, assertThrows(HttpFailure.class, () -> TusChecksum.parse(header)).status());
        }
        refusedWith400OrParsed(() -> assertEquals(32, TusChecksum.parse(hostile).length));
    }

    @Property(tries = 2000)
    void aLocationRoundTripsAndAnythingElseIsNone(@ForAll @LongRange(max = 999_999_999_999_999_999L) long length,
            @ForAll @LongRange(max = 999_999_999_999L) long expires, @ForAll("headerText") String hostile) {
        TusUploadLocation location = new TusUploadLocation(StorageId.generate(), StorageId.generate(), length,
                Instant.ofEpochSecond(expires));
        assertEquals(Optional.of(location), TusUploadLocation.parse(location.segment()));
        String changed = location.segment() + hostile;
        TusUploadLocation.parse(changed).ifPresent(parsed -> assertEquals(changed, parsed.segment()));
    }

    /** Found by the fuzz profile's 40,000 tries: a number with a leading zero named the same upload twice. */
    @Example
    void aLocationWithALeadingZeroIsNone() {
        String segment = new TusUploadLocation(StorageId.generate(), StorageId.generate(), 100,
                Instant.ofEpochSecond(0)).segment();
        assertEquals(Optional.empty(), TusUploadLocation.parse(segment + "0"));
        assertEquals(Optional.empty(), TusUploadLocation.parse(segment.replace(".100.", ".0100.")));
    }

    /** Coverage-guided: any text as each tus header (fuzzes with JAZZER_FUZZ=1, see -Pfuzz). */
    @FuzzTest
    void fuzzedHeaders(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        refusedWith400OrParsed(() -> TusMetadata.parse(text));
        refusedWith400OrParsed(() -> assertEquals(32, TusChecksum.parse(text).length));
        TusUploadLocation.parse(text).ifPresent(parsed -> assertEquals(text, parsed.segment()));
    }

    private static void refusedWith400OrParsed(Runnable parse) {
        try {
            parse.run();
        } catch (HttpFailure refused) {
            assertEquals(400, refused.status(), refused.getMessage());
        }
    }
}
