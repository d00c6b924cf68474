package dev.stowage.testkit;

import dev.stowage.api.ChunkSink;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.Storage;
import dev.stowage.api.StoredFile;
import dev.stowage.api.spi.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The child-JVM side of {@link LargeFileContract}: opens the backend with the named {@link StorageFactory},
 * moves one generated file of the given size through it ({@code save}: one stream; {@code chunks}: 8 MiB
 * chunks in shuffled order), reads it back, and prints {@code OK <size> <sha256>} when every SHA-256
 * agrees. Exits 1 with the failure otherwise.
 */
public final class LargeFileProbe {
    /** The chunk size of the {@code chunks} mode. */
    static final int CHUNK = 8 * 1024 * 1024;
    private static final long SEED = 20_261_121L;

    private LargeFileProbe() {
    }

    public static void main(String[] args) throws Exception {
        StorageFactory factory = (StorageFactory) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        Path workDir = Path.of(args[1]);
        long size = Long.parseLong(args[2]);
        String mode = args[3];
        try (Storage storage = factory.open(workDir)) {
            String expected = expectedSha256(size);
            StoredFile stored = mode.equals("save") ? save(storage, size) : chunks(storage, size);
            check(stored.size() == size, "stored size " + stored.size() + " != " + size);
            check(stored.sha256().equals(expected), "recorded SHA-256 " + stored.sha256() + " != " + expected);
            String reread = sha256(storage.dir().open(stored.name()));
            check(reread.equals(expected), "SHA-256 read back " + reread + " != " + expected);
            storage.dir().delete(stored.name());
            System.out.println("OK " + size + " " + expected + " maxHeap=" + Runtime.getRuntime().maxMemory());
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static StoredFile save(Storage storage, long size) {
        List<InputStream> chunks = new ArrayList<>();
        for (long offset = 0; offset < size; offset += CHUNK) {
            chunks.add(chunk(offset, size));
        }
        return storage.dir().save("large/saved.bin", new SequenceInputStream(Collections.enumeration(chunks)),
                SaveOptions.builder().expectedSize(size).build());
    }

    private static StoredFile chunks(Storage storage, long size) throws IOException {
        List<Long> offsets = new ArrayList<>();
        for (long offset = 0; offset < size; offset += CHUNK) {
            offsets.add(offset);
        }
        Collections.shuffle(offsets, new Random(SEED));
        try (ChunkSink sink = storage.dir().chunkSink("large/chunked.bin",
                SaveOptions.builder().expectedSize(size).expectedSha256(expectedSha256(size)).build())) {
            for (long offset : offsets) {
                sink.write(offset, chunk(offset, size));
            }
            return sink.complete();
        }
    }

    /** The bytes of the chunk at {@code offset}: generated from the offset, so any order gives one file. */
    private static InputStream chunk(long offset, long size) {
        return new GeneratedStream(SEED + offset, Math.min(CHUNK, size - offset));
    }

    private static String expectedSha256(long size) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[1 << 16];
        for (long offset = 0; offset < size; offset += CHUNK) {
            try (InputStream in = chunk(offset, size)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
        }
        return Sha256.hex(digest);
    }

    private static String sha256(InputStream stream) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = stream) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return Sha256.hex(digest);
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new AssertionError(failure);
        }
    }
}
