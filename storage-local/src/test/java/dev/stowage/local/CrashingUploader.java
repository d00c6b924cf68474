package dev.stowage.local;

import dev.stowage.api.ChunkSink;
import dev.stowage.api.SaveOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Child process of a test: saves one file, starts a chunked upload, then dies without any clean-up. */
public final class CrashingUploader {
    static final int EXIT_CODE = 57;

    private CrashingUploader() {
    }

    public static void main(String[] args) {
        LocalStorage storage = LocalStorage.open(Path.of(args[0]));
        storage.dir().save("kept.txt", new ByteArrayInputStream("kept".getBytes(StandardCharsets.UTF_8)));
        ChunkSink sink = storage.dir().chunkSink("crashed.bin", SaveOptions.builder().expectedSize(1 << 20).build());
        sink.write(0, new ByteArrayInputStream(new byte[512 * 1024]));
        Runtime.getRuntime().halt(EXIT_CODE);
    }
}
