package dev.stowage.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stowage.api.spi.ServedUrls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Properties of {@link StorageNames#normalize} and {@link ServedUrls#nameOf} over generated hostile names: an
 * accepted name is canonical, stays inside the store and round-trips through its URL; a refused one is refused
 * with a {@link NameRejectedException} and nothing else.
 */
class StorageNamesPropertyTest {
    private static final Path STORE = Path.of("/store");
    private static final ServedUrls URLS = ServedUrls.at(ServedUrls.DEFAULT_BASE_URL);

    /** Pieces hostile names are built from: separators, dots, encodings, confusables, devices, controls. */
    private static final List<String> PIECES = List.of(
            "a", "Z", "9", "name", "file.txt", "-", "_", "~", " ", ".", "..", "...", "/", "\\", "//", ":", "c:",
            "C:", "%", "%2e", "%2E%2e", "%2f", "%5c", "%252e", "%25", "%c0%ae", "%c0%af", "%e0%80%ae", "%00", "%0a",
            "+", "#", "?", "*", "<", ">", "|", "\"", ";", "&", "=", "@", "'", ",", "!", "$", "(", ")", "[", "]",
            "\u0000", "\t", "\r", "\n", "\u001f", "\u007f", "\u0085", "\u009f",
            "\u200b", "\u200d", "\u200e", "\u202e", "\u2066", "\ufeff", "\u00ad", "\u2028", "\u2029",
            "\uff0e", "\u2024", "\u2025", "\u2026", "\ufe52", "\uff0f", "\uff3c", "\u2215", "\u2044", "\u29f8",
            "\u2571", "\u3002", "\u2126", "\u212b", "\ufb01", "\u00e9", "e\u0301", "\u1100\u1161", "\u0301",
            "\u65e5\u672c", "\ud83d\ude00", "\ud800", "\udfff", "\ufffe", "\uffff", "\ufdd0", "\u00a0", "\u3000",
            "CON", "con", "Nul", "aux", "PRN", "COM1", "lpt9", "COM\u00b9", "CONIN$", "conout$", ".stowage",
            ".STOWAGE", ".well-known", "\u0130", "\u0131", "\u017f", "\u212a");

    @Provide
    Arbitrary<String> hostileNames() {
        Arbitrary<String> assembled = Arbitraries.of(PIECES).list().ofMinSize(1).ofMaxSize(12)
                .map(pieces -> String.join("", pieces));
        Arbitrary<String> anyChars = Arbitraries.strings().all().ofMaxLength(40);
        Arbitrary<String> overLong = Arbitraries.of(PIECES).list().ofMinSize(1).ofMaxSize(4)
                .map(pieces -> String.join("", pieces))
                .flatMap(piece -> Arbitraries.integers().between(100, 1200).map(piece::repeat));
        return Arbitraries.frequencyOf(
                Tuple.of(6, assembled), Tuple.of(2, anyChars),
                Tuple.of(1, overLong));
    }

    @Property(tries = 5000)
    void anAcceptedNameIsCanonicalAndStaysInsideTheStore(@ForAll("hostileNames") String name) {
        String normalized;
        try {
            normalized = StorageNames.normalize(name);
        } catch (NameRejectedException refused) {
            return;
        }
        assertSafe(normalized);
        assertEquals(normalized, StorageNames.normalize(normalized), "normalizing is idempotent");
        assertEquals(Optional.of(normalized), URLS.nameOf(URLS.of(normalized).getRawPath()),
                "the name's URL names it again");
    }

    @Property(tries = 3000)
    void aRequestPathNamesNothingOrASafeName(@ForAll("hostileNames") String path) {
        Optional<String> name = URLS.nameOf(URLS.basePath() + "/" + path);
        if (name.isEmpty()) {
            return;
        }
        try {
            assertSafe(StorageNames.normalize(name.get()));
        } catch (NameRejectedException refused) {
            // refused with the one exception the HTTP layer turns into a 400
        }
    }

    /** Coverage-guided: any text as a name and as a request path (fuzzes with JAZZER_FUZZ=1, see -Pfuzz). */
    @FuzzTest
    void fuzzedNames(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        anAcceptedNameIsCanonicalAndStaysInsideTheStore(text);
        aRequestPathNamesNothingOrASafeName(text);
    }

    private static void assertSafe(String normalized) {
        Path resolved = STORE.resolve(normalized).normalize();
        assertTrue(resolved.startsWith(STORE) && !resolved.equals(STORE), "inside the store: " + normalized);
        assertEquals(Normalizer.normalize(normalized, Normalizer.Form.NFC), normalized, "NFC");
        assertTrue(normalized.getBytes(StandardCharsets.UTF_8).length <= StorageNames.MAX_NAME_BYTES);
        assertFalse(normalized.startsWith("/"), "relative");
        assertFalse(normalized.indexOf('\\') >= 0, "no backslash");
        normalized.codePoints().forEach(c -> {
            int type = Character.getType(c);
            assertFalse(Character.isISOControl(c) || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR,
                    String.format("no control or invisible character, found U+%04X", c));
        });
        for (String segment : normalized.split("/", -1)) {
            String folded = Normalizer.normalize(segment, Normalizer.Form.NFKC);
            assertFalse(segment.isEmpty() || folded.replace(".", "").isEmpty(), "segment of dots: " + normalized);
            assertFalse(folded.indexOf('/') >= 0 || folded.indexOf('\\') >= 0, "folds to a separator");
        }
    }
}
