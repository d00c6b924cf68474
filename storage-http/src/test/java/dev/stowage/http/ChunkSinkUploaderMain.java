package dev.stowage.http;

import dev.stowage.api.ChunkSink;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.Storage;
import dev.stowage.api.StoredFile;
import dev.stowage.local.LocalStorage;
import dev.stowage.testkit.GeneratedStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Chunk-sink uploads into a local upload directory, straight through {@link LocalStorage}, until the process is
 * killed: {@code <upload dir> <run tag> <threads>}. Prints {@code START <name> <size> <seed>} before an upload
 * and {@code STORED <name> <sha256> <size>} once {@link ChunkSink#complete()} has returned.
 */
public final class ChunkSinkUploaderMain {
    private static final int CHUNK = 64 * 1024;

    private ChunkSinkUploaderMain() {
    }

    public static void main(String[] args) {
        Storage storage = LocalStorage.open(Path.of(args[0]));
        String tag = args[1];
        for (int t = 0; t < Integer.parseInt(args[2]); t++) {
            int thread = t;
            new Thread(() -> upload(storage, tag + "-" + thread)).start();
        }
    }

    private static void upload(Storage storage, String prefix) {
        SplittableRandom random = new SplittableRandom(prefix.hashCode());
        for (int i = 0; ; i++) {
            String name = "chunks/" + prefix + "-" + i;
            long seed = random.nextLong();
            long size = random.nextLong(1, 1L << 20);
            System.out.println("START " + name + " " + size + " " + seed);
            try (ChunkSink sink = storage.dir().chunkSink(name, SaveOptions.defaults());
                    InputStream data = new GeneratedStream(seed, size)) {
                for (long offset = 0; offset < size; offset += CHUNK) {
                    sink.write(offset, new ByteArrayInputStream(data.readNBytes(CHUNK)));
                }
                StoredFile stored = sink.complete();
                System.out.println("STORED " + name + " " + stored.sha256() + " " + stored.size());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
