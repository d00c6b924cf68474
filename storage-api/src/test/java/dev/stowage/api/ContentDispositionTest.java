package dev.stowage.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentDispositionTest {

    private static String header(String filename) {
        return ContentDisposition.attachment(filename).headerValue();
    }

    @Test
    void plainAsciiNameHasOnlyTheQuotedFilename() {
        assertEquals("attachment; filename=\"report.pdf\"", header("report.pdf"));
        assertEquals("attachment; filename=\"a;b,c d=e.txt\"", header("a;b,c d=e.txt"));
        assertEquals("attachment; filename=\"a!#$&+-.^_`|~'()b\"", header("a!#$&+-.^_`|~'()b"));
    }

    @Test
    void inlineAndAttachment() {
        ContentDisposition inline = ContentDisposition.inline("photo.png");
        assertEquals("inline; filename=\"photo.png\"", inline.headerValue());
        assertFalse(inline.isAttachment());
        assertTrue(ContentDisposition.attachment("photo.png").isAttachment());
        assertEquals("photo.png", inline.filename());
        assertEquals(inline.headerValue(), inline.toString());
    }

    @Test
    void accentsAreTransliteratedInTheFallbackAndKeptInFilenameStar() {
        assertEquals("attachment; filename=\"naive resume.pdf\"; "
                + "filename*=UTF-8''na%C3%AFve%20r%C3%A9sum%C3%A9.pdf", header("naïve résumé.pdf"));
        assertEquals("naïve résumé.pdf", ContentDisposition.attachment("naïve résumé.pdf").filename());
    }

    @Test
    void decomposedAccentsAreTransliteratedToo() {
        assertEquals("attachment; filename=\"cafe.txt\"; filename*=UTF-8''cafe%CC%81.txt", header("cafe\u0301.txt"));
    }

    @Test
    void nonLatinScriptBecomesUnderscoresInTheFallback() {
        assertEquals("attachment; filename=\"___.txt\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E.txt",
                header("日本語.txt"));
    }

    @Test
    void emojiIsOneUnderscoreAndFourBytes() {
        assertEquals("attachment; filename=\"_ notes.txt\"; filename*=UTF-8''%F0%9F%93%84%20notes.txt",
                header("📄 notes.txt"));
    }

    @Test
    void emojiJoinerIsKept() {
        String family = "👨\u200D👩\u200D👧.txt";
        assertEquals(family, ContentDisposition.attachment(family).filename());
    }

    @Test
    void quoteAndPercentAreReplacedInTheFallbackOnly() {
        assertEquals("attachment; filename=\"a_b.txt\"; filename*=UTF-8''a%22b.txt", header("a\"b.txt"));
        assertEquals("attachment; filename=\"100_.txt\"; filename*=UTF-8''100%25.txt", header("100%.txt"));
    }

    @Test
    void pathSeparatorsBecomeUnderscores() {
        assertEquals("attachment; filename=\"a_b.txt\"", header("a\\b.txt"));
        assertEquals("attachment; filename=\".._.._etc_passwd\"", header("../../etc/passwd"));
        assertEquals("C:_Users_x_report.pdf", ContentDisposition.attachment("C:\\Users\\x\\report.pdf").filename());
    }

    @Test
    void lineBreaksCannotInjectAHeader() {
        String value = header("a\r\nSet-Cookie: x");
        assertEquals("attachment; filename=\"aSet-Cookie: x\"", value);
        assertEquals("attachment; filename=\"ab\"", header("a\nb"));
        assertEquals("attachment; filename=\"ab\"", header("a\u2028b"));
    }

    @ParameterizedTest
    @CsvSource({"a\tb, ab", "a\u007Fb, ab", "a\u0085b, ab", "a\u0000b, ab", "a\u009Bb, ab"})
    void controlCharactersAreRemoved(String name, String expected) {
        assertEquals(expected, ContentDisposition.attachment(name).filename());
    }

    @Test
    void bidiOverridesAreRemoved() {
        assertEquals("invoicefdp.exe", ContentDisposition.attachment("invoice\u202Efdp.exe").filename());
    }

    @Test
    void emptyOrBlankBecomesDownload() {
        for (String name : List.of("", "   ", "\r\n", "\u202E")) {
            assertEquals("attachment; filename=\"download\"", header(name), name);
        }
    }

    @Test
    void onlyCombiningMarksKeepTheirNameInFilenameStar() {
        assertEquals("attachment; filename=\"download\"; filename*=UTF-8''%CC%81", header("\u0301"));
    }

    @Test
    void veryLongNamesAreShortenedKeepingTheExtension() {
        ContentDisposition long1 = ContentDisposition.attachment("a".repeat(1000) + ".pdf");
        assertEquals(ContentDisposition.MAX_LENGTH, long1.filename().length());
        assertTrue(long1.filename().endsWith("a.pdf"));

        String emoji = ContentDisposition.attachment("😀".repeat(300)).filename();
        assertEquals(ContentDisposition.MAX_LENGTH, emoji.codePointCount(0, emoji.length()));
        assertEquals("😀".repeat(ContentDisposition.MAX_LENGTH), emoji);

        String noExtension = ContentDisposition.attachment("b".repeat(300) + "." + "x".repeat(40)).filename();
        assertEquals("b".repeat(ContentDisposition.MAX_LENGTH), noExtension);

        String exact = "c".repeat(ContentDisposition.MAX_LENGTH);
        assertEquals(exact, ContentDisposition.attachment(exact).filename());
    }

    @Test
    void asciiNamesThatNeedCleaningAreCleaned() {
        assertEquals("a.txt", ContentDisposition.attachment(" a.txt ").filename());
        assertEquals("a.txt", ContentDisposition.attachment("a.txt ").filename());
        assertEquals("a_b", ContentDisposition.attachment("a/b").filename());
        assertEquals("ab", ContentDisposition.attachment("a\u0001b").filename());
        assertEquals("x".repeat(ContentDisposition.MAX_LENGTH),
                ContentDisposition.attachment("x".repeat(ContentDisposition.MAX_LENGTH + 1)).filename());
        String kept = "Report (final) #2, v1.0 ~ 50%.pdf";
        assertEquals(kept, ContentDisposition.attachment(kept).filename());
    }

    @Test
    void nullIsRefused() {
        assertThrows(NullPointerException.class, () -> ContentDisposition.attachment(null));
    }

    @Test
    void anyNameGivesAPrintableAsciiHeaderWithOneQuotedString() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            StringBuilder name = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                int c = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(0x80);
                    case 1 -> random.nextInt(0x800);
                    case 2 -> random.nextInt(0x10000);
                    default -> random.nextInt(Character.MAX_CODE_POINT + 1);
                };
                name.appendCodePoint(c);
            }
            String value = header(name.toString());
            assertTrue(value.chars().allMatch(c -> c >= 0x20 && c < 0x7f), value);
            String[] parts = value.split("\"", -1);
            assertEquals(3, parts.length, value);
            assertFalse(parts[1].isEmpty(), value);
            assertTrue(parts[2].matches("|; filename\\*=UTF-8''[A-Za-z0-9!#$&+\\-.^_`|~%]+"), value);
        }
    }
}
