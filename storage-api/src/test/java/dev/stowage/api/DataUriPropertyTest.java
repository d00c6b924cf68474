package dev.stowage.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of {@link DataUri} in both directions: any bytes under any valid media type come back exactly, the
 * URI is printable ASCII, and any text either parses or fails with an {@link IllegalArgumentException}.
 */
class DataUriPropertyTest {
    @Provide
    Arbitrary<String> mediaTypes() {
        Arbitrary<String> value = Arbitraries.of("utf-8", "\"a b\"", "\"x,y#z\"", "\"a ; b\"", "\";base64\"",
                "\"%2C\"", "\"\"");
        Arbitrary<String> parameters = Arbitraries.of("charset", "name", "q", "base64").flatMap(key ->
                value.map(v -> key + "=" + v)).list().ofMaxSize(3).map(list -> list.isEmpty() ? ""
                : " ; " + String.join(" ;", list));
        return Arbitraries.of("text/plain", "image/svg+xml", "application/vnd.a-b.c", "x/y").flatMap(type ->
                parameters.map(params -> type + params));
    }

    @Property(tries = 1000)
    void bytesAndMediaTypeRoundTrip(@ForAll byte[] data, @ForAll("mediaTypes") String mediaType)
            throws IOException {
        String uri = DataUri.encode(new ByteArrayInputStream(data), mediaType);
        assertTrue(uri.chars().allMatch(c -> c > 0x20 && c < 0x7f), "printable ASCII: " + uri);
        DataUri parsed = DataUri.parse(uri);
        assertArrayEquals(data, parsed.open().readAllBytes());
        assertEquals(withoutSpacesAroundSeparators(mediaType), parsed.mediaType());
    }

    @Property(tries = 2000)
    void anyTextParsesOrIsRefusedAsMalformed(@ForAll("dataUriLike") String text) {
        try {
            DataUri parsed = DataUri.parse(text);
            assertEquals(parsed.length(), parsed.data().length);
        } catch (IllegalArgumentException malformed) {
            assertTrue(malformed.getMessage().startsWith("Malformed data: URI"), malformed.getMessage());
        }
    }

    /** Coverage-guided: any text as a {@code data:} URI (fuzzes with JAZZER_FUZZ=1, see -Pfuzz). */
    @FuzzTest
    void fuzzedText(FuzzedDataProvider data) {
        anyTextParsesOrIsRefusedAsMalformed("data:" + data.consumeRemainingAsString());
    }

    @Provide
    Arbitrary<String> dataUriLike() {
        return Arbitraries.of("data:", "DATA:", ",", ";base64", ";", "text/plain", "=", "%", "%2", "%2C", "%zz",
                "%c0%ae", "\"", " ", "\r\n", "QUJD", "QQ==", "=", "a", "\u00e9", "\ud800", "#").list().ofMaxSize(10)
                .map(pieces -> String.join("", pieces));
    }

    /** The media type with spaces around parameter separators dropped, and quoted values kept as written. */
    private static String withoutSpacesAroundSeparators(String mediaType) {
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < mediaType.length(); i++) {
            char c = mediaType.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (!quoted && c == ' ') {
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }
}
