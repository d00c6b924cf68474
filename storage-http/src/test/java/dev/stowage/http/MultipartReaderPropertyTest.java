package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of {@link MultipartReader} over generated bodies read in random-sized pieces: every part comes
 * back with exactly the bytes sent, boundary look-alikes across buffer edges and long runs of the delimiter's
 * own bytes (which its skipping search must not skip a match in) included; a broken body (cut,
 * changed, boundary missing, giant headers) fails with a 400 {@link HttpFailure} and never hands out more
 * bytes than it held.
 */
class MultipartReaderPropertyTest {
    private static final int MAX_HEADER_BYTES = 1024;
    private static final String BOUNDARY = new MultipartBody().boundary;

    @Provide
    Arbitrary<byte[]> contents() {
        String delimiter = "\r\n--" + BOUNDARY;
        List<String> lookAlikes = new ArrayList<>();
        for (int i = 1; i < delimiter.length(); i++) {
            lookAlikes.add(delimiter.substring(0, i));
        }
        lookAlikes.addAll(List.of("\n--" + BOUNDARY, "\r--" + BOUNDARY, "--" + BOUNDARY, "\r\n-" + BOUNDARY,
                "\r\n--" + BOUNDARY.toUpperCase(), "\r\n\r\n", "x", "\u00e9"));
        // '#' is not in the delimiter, so pieces joined by it never form one: a sender picks a boundary its
        // contents lack.
        Arbitrary<byte[]> pieces = Arbitraries.of(lookAlikes).list().ofMaxSize(30)
                .map(list -> String.join("#", list).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> nearBufferSize = Arbitraries.integers().between(65_400, 65_700).map(size -> {
            byte[] filler = new byte[size];
            Arrays.fill(filler, (byte) '-');
            byte[] tail = delimiter.substring(0, size % delimiter.length()).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(tail, 0, filler, size - tail.length, tail.length);
            return filler;
        });
        // Bytes drawn from the delimiter's own: every window ends in a byte the search cannot skip far past,
        // so shifts of every size and near matches split across buffer reads occur.
        byte[] alphabet = (delimiter + "\u00ff").getBytes(StandardCharsets.ISO_8859_1);
        Arbitrary<byte[]> delimiterBytes = Arbitraries.integers().between(0, alphabet.length - 1)
                .list().ofMaxSize(140_000).map(indexes -> {
                    byte[] bytes = new byte[indexes.size()];
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] = alphabet[indexes.get(i)];
                    }
                    return bytes;
                }).filter(bytes -> !new String(bytes, StandardCharsets.ISO_8859_1).contains(delimiter));
        return Arbitraries.frequencyOf(Tuple.of(20, pieces), Tuple.of(1, nearBufferSize), Tuple.of(4, delimiterBytes));
    }

    @Property(tries = 500)
    void everyPartComesBackExactly(@ForAll @Size(max = 6) List<@From("contents") byte[]> files,
            @ForAll @IntRange(min = 1, max = 70_000) int readSize) throws IOException {
        MultipartBody body = new MultipartBody();
        for (int i = 0; i < files.size(); i++) {
            body.file("files", "f" + i + ".bin", i % 2 == 0 ? null : "application/octet-stream", files.get(i));
        }
        MultipartReader reader = new MultipartReader(new Trickle(body.open().readAllBytes(), readSize), BOUNDARY,
                MAX_HEADER_BYTES);
        for (int i = 0; i < files.size(); i++) {
            MultipartReader.Part part = reader.next();
            assertEquals("f" + i + ".bin", part.dispositionParameter("filename"));
            assertArrayEquals(files.get(i), readAll(part.body(), readSize), "part " + i);
        }
        assertNull(reader.next(), "the closing boundary ends the body");
    }

    @Property(tries = 1000)
    void aBrokenBodyFailsWithA400AndNeverYieldsMoreThanItHeld(
            @ForAll @Size(min = 1, max = 4) List<@From("contents") byte[]> files,
            @ForAll @IntRange(max = 5) int damage, @ForAll @IntRange(max = 1_000_000) int at,
            @ForAll @IntRange(min = 1, max = 4096) int readSize) throws IOException {
        MultipartBody body = new MultipartBody();
        for (byte[] file : files) {
            body.file("files", "f.bin", null, file);
        }
        failsWithA400OrYieldsAtMostItsBytes(damaged(body.open().readAllBytes(), damage, at), readSize);
    }

    /** Coverage-guided: any bytes as a body, read in any piece size (fuzzes with JAZZER_FUZZ=1, see -Pfuzz). */
    @FuzzTest
    void fuzzedBodies(FuzzedDataProvider data) throws IOException {
        int readSize = data.consumeInt(1, 70_000);
        failsWithA400OrYieldsAtMostItsBytes(data.consumeRemainingAsBytes(), readSize);
    }

    private static void failsWithA400OrYieldsAtMostItsBytes(byte[] sent, int readSize) throws IOException {
        long yielded = 0;
        try {
            MultipartReader reader = new MultipartReader(new Trickle(sent, readSize), BOUNDARY, MAX_HEADER_BYTES);
            for (MultipartReader.Part part = reader.next(); part != null; part = reader.next()) {
                yielded += readAll(part.body(), readSize).length;
                assertTrue(part.headers().toString().length() <= 2 * MAX_HEADER_BYTES, "headers are capped");
            }
        } catch (HttpFailure refused) {
            assertEquals(400, refused.status(), refused.getMessage());
        }
        assertTrue(yielded <= sent.length, "yielded " + yielded + " of " + sent.length + " bytes");
    }

    /** {@code body} cut, with a byte changed, inserted or dropped, without its boundaries, or with giant headers. */
    private static byte[] damaged(byte[] body, int damage, int at) {
        int i = at % body.length;
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String changed = switch (damage) {
            case 0 -> text.substring(0, i);
            case 1 -> text.substring(0, i) + (char) (at % 256) + text.substring(Math.min(i + 1, text.length()));
            case 2 -> text.substring(0, i) + "\r\n--" + BOUNDARY + text.substring(i);
            case 3 -> text.replace("--" + BOUNDARY + "--", "");
            case 4 -> text.replace("\r\n--" + BOUNDARY, "\r\n" + BOUNDARY);
            default -> text.replace("Content-Disposition:", "X-Giant: " + "h".repeat(at % 5000)
                    + "\r\nContent-Disposition:");
        };
        return changed.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readAll(InputStream in, int readSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[readSize];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** A body that arrives at most {@code readSize} bytes per read, as from a slow network. */
    private static final class Trickle extends FilterInputStream {
        private final int readSize;

        Trickle(byte[] bytes, int readSize) {
            super(new ByteArrayInputStream(bytes));
            this.readSize = readSize;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, readSize));
        }
    }
}
