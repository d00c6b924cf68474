package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.stowage.api.NameRejectedException;
import dev.stowage.api.StorageNames;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class StorageNamesTest {

    static List<String> rejectedNames() {
        return HostileNames.rejected();
    }

    static List<String> acceptedNames() {
        return HostileNames.accepted();
    }

    @ParameterizedTest(name = "rejected[{index}]")
    @MethodSource("rejectedNames")
    void refusesEveryHostileName(String name) {
        NameRejectedException e = assertThrows(NameRejectedException.class, () -> StorageNames.normalize(name),
                () -> "accepted " + escaped(name));
        assertFalse(e.reason().isBlank(), "reason is blank");
        assertEquals(Optional.of(name), e.name());
        assertPrintable(e.getMessage());
    }

    @ParameterizedTest(name = "accepted[{index}]")
    @MethodSource("acceptedNames")
    void acceptsAndCanonicalizesEveryGoodName(String name) {
        String normalized = StorageNames.normalize(name);
        assertEquals(HostileNames.canonical(name), normalized, () -> "for " + escaped(name));
        assertEquals(normalized, StorageNames.normalize(normalized), "normalize is not idempotent");
    }

    @Test
    void listsAreLargeDistinctAndDisjoint() {
        List<String> rejected = HostileNames.rejected();
        List<String> accepted = HostileNames.accepted();
        assertTrue(rejected.size() >= 300, "only " + rejected.size() + " rejected names");
        assertEquals(rejected.size(), new HashSet<>(rejected).size(), "rejected names repeat");
        Set<String> overlap = new HashSet<>(rejected);
        overlap.retainAll(accepted);
        assertEquals(Set.of(), overlap);
        assertThrows(IllegalArgumentException.class, () -> HostileNames.canonical("../x"));
    }

    @Test
    void refusesNull() {
        NameRejectedException e = assertThrows(NameRejectedException.class, () -> StorageNames.normalize(null));
        assertEquals("no name was given (null)", e.reason());
        assertEquals(Optional.empty(), e.name());
    }

    @Test
    void foldsToNfc() {
        assertEquals("\u00e9", StorageNames.normalize("e\u0301"));
        assertEquals("caf\u00e9/men\u00fc.pdf", StorageNames.normalize("cafe\u0301\\menu\u0308.pdf"));
        assertEquals("\uac00", StorageNames.normalize("\u1100\u1161"));
    }

    @Test
    void keepsCompatibilityCharactersThatAreNotLookAlikes() {
        assertEquals("\ufb01le.txt", StorageNames.normalize("\ufb01le.txt"));
        assertEquals("\uff43\uff4f\uff4e", StorageNames.normalize("\uff43\uff4f\uff4e"));
    }

    static Stream<Arguments> reasons() {
        return Stream.of(
                Arguments.of("", "the name is empty"),
                Arguments.of("a".repeat(1025), "it is longer than 1024 bytes of UTF-8, the most S3 allows in a key"),
                Arguments.of("/etc/passwd", "it starts with a separator, which makes it an absolute path"),
                Arguments.of("\\\\server\\share",
                        "it starts with two separators, which makes it a network (UNC) path"),
                Arguments.of("C:\\x", "it starts with a drive letter ('C:'), which Windows reads as another disk"),
                Arguments.of("../x", "it has a '..' segment, which could reach outside the upload directory"),
                Arguments.of("a\\..\\b", "it has a '..' segment, which could reach outside the upload directory"),
                Arguments.of("a/./b", "it has a '.' segment, which would give one file two names"),
                Arguments.of("a//b", "it has an empty segment ('//')"),
                Arguments.of("a/", "it ends with a separator, so it names a folder rather than a file"),
                Arguments.of("a/.../b",
                        "it has a segment of dots only ('...'), which Windows would not keep as written"),
                Arguments.of("file.txt.",
                        "segment 'file.txt.' ends with a dot, which Windows drops, so two names would share a file"),
                Arguments.of("a /b",
                        "segment 'a ' ends with a space, which Windows drops, so two names would share a file"),
                Arguments.of("a\u0000b", "it contains the control character U+0000"),
                Arguments.of("a\u0085b", "it contains the control character U+0085"),
                Arguments.of("evil\u202egnp.js", "it contains the invisible format character U+202E"
                        + " (bidi controls and zero-width characters can disguise a name)"),
                Arguments.of("a\u2028b", "it contains the line break U+2028"),
                Arguments.of("a\ud800b", "it contains U+D800, an unpaired surrogate, which is not a character"),
                Arguments.of("a\uffffb", "it contains the noncharacter U+FFFF"),
                Arguments.of("a?b", "it contains '?', which Windows forbids in file names"),
                Arguments.of("Con.txt", "segment 'Con.txt' is the Windows device name CON"),
                Arguments.of("a/lpt\u00b9/b", "segment 'lpt\u00b9' is the Windows device name LPT\u00b9"),
                Arguments.of("a\u2215b", "it contains U+2215, which looks like a path separator"),
                Arguments.of("a\uff0fb", "it contains U+FF0F, which folds (NFKC) to a path separator"),
                Arguments.of("\uff0e\uff0e/x",
                        "segment '\uff0e\uff0e' reads as '..' once look-alike characters are folded (NFKC)"),
                Arguments.of("\u65e5".repeat(86),
                        "a segment is 258 bytes of UTF-8, over the 255 most file systems allow"),
                Arguments.of(".STOWAGE/x",
                        "its first segment '.STOWAGE' is reserved for the backends' own staging and metadata"));
    }

    @ParameterizedTest(name = "reason[{index}]")
    @MethodSource("reasons")
    void explainsWhichRuleWasBroken(String name, String reason) {
        assertEquals(reason, assertThrows(NameRejectedException.class, () -> StorageNames.normalize(name)).reason());
    }

    @Test
    void messageShowsControlCharactersEscaped() {
        NameRejectedException e = assertThrows(NameRejectedException.class,
                () -> StorageNames.normalize("a\u0000b"));
        assertEquals("Name 'a\\u0000b' rejected: it contains the control character U+0000", e.getMessage());
    }

    /** Random names built from troublesome pieces are either refused or come out safe. */
    @Test
    void randomNamesAreRefusedOrSafe() {
        List<String> pieces = List.of("a", "b", "Z", "7", "file", ".txt", "\u00e9", "e\u0301", "\u65e5\u672c",
                "\ud83d\ude00", "-", "_", "~", "#", "%2e", "(", "/", "/", "/", "\\", "\\", ".", ".", "..", " ", "  ",
                "\u0000", "\u001f", "\u007f", "\u0085", "\u009f", "\u202e", "\u200b", "\u200d", "\ufeff", "\u2028",
                "\uff0e", "\uff0f", "\uff3c", "\u2215", "\u2044", "\u2025", "\ufe68", ":", "*", "?", "<", "|", "\"",
                "C:", "c", "con", "NUL", "com1", "lpt\u00b9", ".stowage", ".STOWAGE", "\ud800", "\udc00", "\uffff",
                "\u3000", "\u00a0", "x".repeat(120), "\u65e5".repeat(40));
        Random random = new Random(20240611L);
        int accepted = 0;
        int refused = 0;
        for (int n = 0; n < 5000; n++) {
            StringBuilder raw = new StringBuilder();
            for (int length = 1 + random.nextInt(10); length > 0; length--) {
                // Plain letters half the time, so that enough names pass to test the output.
                int piece = random.nextBoolean() ? random.nextInt(6) : random.nextInt(pieces.size());
                raw.append(pieces.get(piece));
            }
            String name = raw.toString();
            String normalized;
            try {
                normalized = StorageNames.normalize(name);
            } catch (NameRejectedException e) {
                assertFalse(e.reason().isBlank());
                assertPrintable(e.getMessage());
                refused++;
                continue;
            }
            assertSafe(name, normalized);
            assertEquals(normalized, StorageNames.normalize(normalized), () -> "not idempotent: " + escaped(name));
            accepted++;
        }
        assertTrue(accepted > 500 && refused > 500, accepted + " accepted, " + refused + " refused");
    }

    @ParameterizedTest(name = "prefix[{index}] {0}")
    @ValueSource(strings = {"a", "a/", "a/b", "a/b/", "dir/sub/fi", ".well-known/", ".", "..", "a/.", "a/..",
        ".stowage", ".stow", "%2e%2e/", "\u65e5\u672c\u8a9e/", "x/con"})
    void acceptsPrefixesAsWritten(String prefix) {
        assertEquals(prefix, StorageNames.normalizePrefix(prefix));
    }

    @Test
    void normalizesPrefixes() {
        assertEquals("", StorageNames.normalizePrefix(""));
        assertEquals("a/b/", StorageNames.normalizePrefix("a\\b\\"));
        assertEquals("caf\u00e9", StorageNames.normalizePrefix("cafe\u0301"));
        assertEquals("a".repeat(255) + "/", StorageNames.normalizePrefix("a".repeat(255) + "/"));
    }

    @ParameterizedTest(name = "prefix[{index}]")
    @ValueSource(strings = {"/", "/a", "\\a", "//server", "./", "../", "a/../", "a/./b", "a//", "a//b", "a\u0000",
        "a\u202e/", "a\u200b", "C:", "a?", ".stowage/", ".STOWAGE/x", "con/", "a./", "\uff0e\uff0e/", "a\ud800"})
    void refusesPrefixesNoNameCouldMatch(String prefix) {
        NameRejectedException e = assertThrows(NameRejectedException.class,
                () -> StorageNames.normalizePrefix(prefix));
        assertFalse(e.reason().isBlank());
        assertPrintable(e.getMessage());
    }

    @Test
    void refusesOverlongAndNullPrefixes() {
        assertThrows(NameRejectedException.class, () -> StorageNames.normalizePrefix("a/".repeat(512) + "a"));
        assertThrows(NameRejectedException.class, () -> StorageNames.normalizePrefix("a".repeat(256)));
        assertThrows(NameRejectedException.class, () -> StorageNames.normalizePrefix(null));
    }

    @Test
    void lastSegmentIsTheFileName() {
        assertEquals("c.txt", StorageNames.lastSegment("a/b/c.txt"));
        assertEquals("c.txt", StorageNames.lastSegment("c.txt"));
        assertEquals("\u30d5\u30a1\u30a4\u30eb.txt",
                StorageNames.lastSegment("\u65e5\u672c/\u30d5\u30a1\u30a4\u30eb.txt"));
    }

    /** The invariant every accepted name keeps, whatever it was before. */
    private static void assertSafe(String raw, String name) {
        String shown = escaped(raw) + " -> " + escaped(name);
        assertFalse(name.startsWith("/"), () -> "leading separator: " + shown);
        assertFalse(name.contains("\\"), () -> "backslash: " + shown);
        assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= StorageNames.MAX_NAME_BYTES, () -> "too long: "
                + shown);
        assertTrue(Normalizer.isNormalized(name, Normalizer.Form.NFC), () -> "not NFC: " + shown);
        for (String segment : name.split("/", -1)) {
            assertFalse(segment.isEmpty() || segment.chars().allMatch(c -> c == '.'), () -> "bad segment: " + shown);
            assertTrue(segment.getBytes(StandardCharsets.UTF_8).length <= StorageNames.MAX_SEGMENT_BYTES,
                    () -> "segment too long: " + shown);
        }
        name.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
                    || Character.getType(cp) == Character.SURROGATE) {
                fail("unsafe character U+" + Integer.toHexString(cp) + ": " + shown);
            }
        });
    }

    /** A message must not carry raw control, format, line-break or lone surrogate characters to a log. */
    private static void assertPrintable(String message) {
        Set<Integer> unsafe = Set.of((int) Character.FORMAT, (int) Character.SURROGATE,
                (int) Character.LINE_SEPARATOR, (int) Character.PARAGRAPH_SEPARATOR);
        message.codePoints().forEach(cp -> assertFalse(Character.isISOControl(cp)
                || unsafe.contains(Character.getType(cp)), () -> "raw U+" + Integer.toHexString(cp) + " in "
                + escaped(message)));
    }

    private static String escaped(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(300).forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f) {
                out.append((char) cp);
            } else {
                out.append(String.format("\\u{%X}", cp));
            }
        });
        return out.toString();
    }
}
