package dev.stowage.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.IntegrityMismatchException;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.StoredFile;
import dev.stowage.api.spi.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer that writes and hashes on threads of its own: the digest covers exactly the bytes written. */
class BackgroundFileWriterTest {
    @TempDir
    Path work;

    @Test
    void writesFromItsPositionAndHashesTheSameBytesInOrder() throws IOException {
        byte[] data = TestBytes.random(5 * BackgroundFileWriter.BUFFER_SIZE + 12345, 1);
        Path file = Files.write(work.resolve("data"), "head".getBytes());
        MessageDigest digest = Sha256.newDigest();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            try (BackgroundFileWriter writer = BackgroundFileWriter.start(channel, 4, EarlyWriteback.STEP, digest)
                    .orElseThrow()) {
                int[] lengths = {BackgroundFileWriter.BUFFER_SIZE, 1, 70_000, BackgroundFileWriter.BUFFER_SIZE - 3};
                for (int done = 0, i = 0; done < data.length; i++) {
                    byte[] buffer = writer.buffer();
                    int n = Math.min(lengths[i % lengths.length], data.length - done);
                    System.arraycopy(data, done, buffer, 0, n);
                    writer.write(buffer, n);
                    done += n;
                }
                writer.awaitHashed();
            }
        }
        byte[] written = Files.readAllBytes(file);
        assertArrayEquals("head".getBytes(), Arrays.copyOf(written, 4));
        assertArrayEquals(data, Arrays.copyOfRange(written, 4, written.length));
        assertEquals(TestBytes.sha256(data), Sha256.hex(digest));
    }

    @Test
    void aFailedWriteReachesTheCallerAndFreesTheBudget() throws IOException {
        Path file = Files.createFile(work.resolve("read-only"));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            BackgroundFileWriter writer = BackgroundFileWriter.start(channel, 0, EarlyWriteback.STEP,
                    Sha256.newDigest()).orElseThrow();
            IOException failure = assertThrows(IOException.class, () -> {
                try (writer) {
                    for (int i = 0; i < 20; i++) { // more buffers than the writer has: one wait sees the failure
                        writer.write(writer.buffer(), 10);
                    }
                    writer.awaitHashed();
                }
            });
            assertTrue(failure.getCause() != null, failure.toString());
        }
        // every writer started gave its budget back, so as many can start again as ever
        for (int i = 0; i < 300; i++) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
                    BackgroundFileWriter writer = BackgroundFileWriter.start(channel, 0, EarlyWriteback.STEP,
                            Sha256.newDigest()).orElseThrow()) {
                writer.awaitHashed();
            }
        }
    }

    /** A stream handing out its bytes a few at a time, like a request body arriving in packets. */
    private static InputStream trickle(byte[] data) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 40_000));
            }
        };
    }

    @Test
    void everyByteIsWrittenWhenWriteFromReturnsAndWritersInTurnNeverMixTheirBytes() throws IOException {
        byte[] first = TestBytes.random(4 * BackgroundFileWriter.BUFFER_SIZE, 4);
        byte[] second = TestBytes.random(BackgroundFileWriter.BUFFER_SIZE + 999, 5);
        for (byte[] data : new byte[][] {first, second}) { // the second writer takes the first one's buffers
            Path file = work.resolve("data-" + data.length);
            MessageDigest digest = Sha256.newDigest();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    BackgroundFileWriter writer = BackgroundFileWriter.start(channel, 0, EarlyWriteback.CHUNK_STEP,
                            digest).orElseThrow()) {
                assertEquals(data.length, writer.writeFrom(trickle(data)));
                assertArrayEquals(data, Files.readAllBytes(file), "written before the hashing is awaited");
                writer.awaitHashed();
            }
            assertEquals(TestBytes.sha256(data), Sha256.hex(digest));
        }
    }

    @Test
    void aLargeSaveStoresAndHashesEveryByteItReads() throws IOException {
        byte[] data = TestBytes.random(3 * BackgroundFileWriter.BUFFER_SIZE + 777, 2);
        try (LocalStorage storage = LocalStorage.open(work.resolve("uploads"))) {
            StoredFile saved = storage.dir().save("big.bin", trickle(data),
                    SaveOptions.builder().expectedSha256(TestBytes.sha256(data)).build());
            assertEquals(TestBytes.sha256(data), saved.sha256());
            assertEquals(data.length, saved.size());
            try (InputStream in = storage.dir().open("big.bin")) {
                assertArrayEquals(data, in.readAllBytes());
            }
        }
    }

    @Test
    void aLargeSaveWithTheWrongDigestLeavesNothing() throws IOException {
        byte[] data = TestBytes.random(3 * BackgroundFileWriter.BUFFER_SIZE + 777, 3);
        byte[] other = data.clone();
        other[data.length - 1] ^= 1;
        Path root = work.resolve("uploads");
        try (LocalStorage storage = LocalStorage.open(root)) {
            assertThrows(IntegrityMismatchException.class, () -> storage.dir().save("big.bin", trickle(other),
                    SaveOptions.builder().expectedSha256(TestBytes.sha256(data)).build()));
            assertFalse(storage.dir().exists("big.bin"));
            try (Stream<Path> files = Files.walk(root)) {
                assertEquals(0, files.filter(p -> p.getFileName().toString().endsWith(".part")).count());
            }
        }
    }
}
