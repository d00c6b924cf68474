package dev.stowage.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServedUrlsTest {
    private static final ServedUrls RELATIVE = ServedUrls.at(ServedUrls.DEFAULT_BASE_URL);
    private static final ServedUrls ABSOLUTE = ServedUrls.at("https://files.example.com/_upload");

    static Stream<Arguments> encodings() {
        return Stream.of(
                Arguments.of("plain.txt", "plain.txt"),
                Arguments.of("dir/sub/file.png", "dir/sub/file.png"),
                Arguments.of("a b.txt", "a%20b.txt"),
                Arguments.of("x#y", "x%23y"),
                Arguments.of("why?.txt", "why%3F.txt"),
                Arguments.of("100%.txt", "100%25.txt"),
                Arguments.of("%2F", "%252F"),
                Arguments.of("a+b", "a%2Bb"),
                Arguments.of("c:", "c%3A"),
                Arguments.of("c:/x:y", "c%3A/x%3Ay"),
                Arguments.of("a;b=c&d,e", "a%3Bb%3Dc%26d%2Ce"),
                Arguments.of("~keep_-.this", "~keep_-.this"),
                Arguments.of("caf\u00e9", "caf%C3%A9"),
                Arguments.of("cafe\u0301", "cafe%CC%81"),
                Arguments.of("日本語/ファイル.txt",
                        "%E6%97%A5%E6%9C%AC%E8%AA%9E/%E3%83%95%E3%82%A1%E3%82%A4%E3%83%AB.txt"),
                Arguments.of("\uD83D\uDE00.png", "%F0%9F%98%80.png"),
                Arguments.of("quote\"'<>`{}|\\^[]", "quote%22%27%3C%3E%60%7B%7D%7C%5C%5E%5B%5D"));
    }

    @ParameterizedTest
    @MethodSource("encodings")
    void encodesEachSegmentAndDecodesBack(String name, String encoded) {
        URI relative = RELATIVE.of(name);
        assertEquals("/_upload/" + encoded, relative.toString());
        assertEquals(relative.toString(), relative.getRawPath());
        assertEquals(Optional.of(name), RELATIVE.nameOf(relative.getRawPath()));

        URI absolute = ABSOLUTE.of(name);
        assertEquals("https://files.example.com/_upload/" + encoded, absolute.toString());
        assertEquals(Optional.of(name), ABSOLUTE.nameOf(absolute.getRawPath()));
    }

    @Test
    void relativeUrlNeverLooksLikeAScheme() {
        URI uri = ServedUrls.at("/").of("javascript:alert(1)");
        assertEquals("/javascript%3Aalert%281%29", uri.toString());
        assertEquals(null, uri.getScheme());
    }

    @Test
    void trailingSlashesAreTrimmed() {
        assertEquals("/_upload", ServedUrls.at("/_upload//").toString());
        assertEquals("/_upload/a", ServedUrls.at("/_upload/").of("a").toString());
        assertEquals("https://files.example.com/_upload",
                ServedUrls.at("https://files.example.com/_upload/").toString());
    }

    @Test
    void basePathIsThePathOfTheBase() {
        assertEquals("/_upload", RELATIVE.basePath());
        assertEquals("/_upload", ABSOLUTE.basePath());
        assertEquals("/files/v1", ServedUrls.at("http://localhost:8080/files/v1").basePath());
    }

    @Test
    void rootBaseServesAtTheRoot() {
        ServedUrls root = ServedUrls.at("/");
        assertEquals("", root.basePath());
        assertEquals("/a/b%20c", root.of("a/b c").toString());
        assertEquals(Optional.of("a/b c"), root.nameOf("/a/b%20c"));

        ServedUrls host = ServedUrls.at("https://files.example.com:8443");
        assertEquals("https://files.example.com:8443/x%23", host.of("x#").toString());
        assertEquals(Optional.of("x#"), host.nameOf("/x%23"));
    }

    @Test
    void baseMayCarryItsOwnEncoding() {
        ServedUrls spaced = ServedUrls.at("/my%20files");
        assertEquals("/my%20files/a", spaced.of("a").toString());
        assertEquals(Optional.of("a"), spaced.nameOf("/my%20files/a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "_upload", "/x?y", "/x?", "/x#f", "ftp://host/x", "https://user:pw@host/x",
            "//host/x", "/a/../b", "/a/./b", "/a b", "https:///x", "mailto:someone"})
    void refusesBadBasesNamingTheValue(String base) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServedUrls.at(base));
        assertTrue(e.getMessage().contains("'" + base + "'"), e.getMessage());
    }

    @Test
    void nameOfDecodesExactlyOnce() {
        assertEquals(Optional.of("%41"), RELATIVE.nameOf("/_upload/%2541"));
        assertEquals(Optional.of("a+b"), RELATIVE.nameOf("/_upload/a+b"));
        assertEquals(Optional.of("é"), RELATIVE.nameOf("/_upload/%c3%a9"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/other/x", "/_uploadx/y", "/_upload", "/_upload/", "x", "", "/_upload/%zz",
            "/_upload/%4", "/_upload/%", "/_upload/%C3", "/_upload/%FF%FE"})
    void nameOfIsEmptyOutsideTheBaseOrForBadEncoding(String rawPath) {
        assertEquals(Optional.empty(), RELATIVE.nameOf(rawPath));
    }

    @Test
    void refusesNamesWithoutAUrl() {
        assertThrows(IllegalArgumentException.class, () -> RELATIVE.of(""));
        assertThrows(IllegalArgumentException.class, () -> RELATIVE.of("broken\uD800surrogate"));
    }
}
