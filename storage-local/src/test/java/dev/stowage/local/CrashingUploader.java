package dev.stowage.local;

import dev.stowage.api.ChunkSink;
import dev.stowage.api.SaveOptions;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * Child process of a test: saves one file, starts a plain save that stalls half-way and a chunked upload that
 * receives its first half, prints the chunked upload's id, then dies without any clean-up.
 */
public final class CrashingUploader {
    static final int EXIT_CODE = 57;
    static final int SIZE = 1 << 20;
    static final String ID_LINE = "UPLOAD ";

    private CrashingUploader() {
    }

    /** The bytes of the chunked upload. */
    static byte[] data() {
        byte[] data = new byte[SIZE];
        new Random(57).nextBytes(data);
        return data;
    }

    public static void main(String[] args) throws Exception {
        LocalStorage storage = LocalStorage.open(Path.of(args[0]));
        storage.dir().save("kept.txt", new ByteArrayInputStream("kept".getBytes(StandardCharsets.UTF_8)));

        CountDownLatch halfSent = new CountDownLatch(1);
        InputStream stalling = new InputStream() {
            private int sent;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
                if (sent >= SIZE / 2) {
                    halfSent.countDown();
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException();
                    }
                }
                int n = Math.min(length, SIZE / 2 - sent);
                Arrays.fill(buffer, offset, offset + n, (byte) 7);
                sent += n;
                return n;
            }
        };
        Thread saver = new Thread(() -> storage.dir().save("stalled.bin", stalling));
        saver.setDaemon(true);
        saver.start();

        ChunkSink sink = storage.dir().chunkSink("crashed.bin", SaveOptions.builder().expectedSize(SIZE).build());
        sink.write(0, new ByteArrayInputStream(data(), 0, SIZE / 2));
        halfSent.await();
        while (stagedBytes(storage.root()) == 0) { // the stalled save has written what it writes at once
            Thread.sleep(10);
        }
        System.out.println(ID_LINE + sink.uploadId());
        System.out.flush();
        Runtime.getRuntime().halt(EXIT_CODE);
    }

    private static long stagedBytes(Path root) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(root.resolve(".stowage/staging"))) {
            return files.filter(f -> f.toString().endsWith(".part")).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
