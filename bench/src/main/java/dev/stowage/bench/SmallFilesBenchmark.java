package dev.stowage.bench;

import dev.stowage.api.SaveOptions;
import dev.stowage.local.LocalStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Comparison 3: {@code count} saves of 4 KiB files against a bare write + fsync + rename loop, and against the
 * same loop syncing the folder after each rename, which a save does so that the new name survives a power cut.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SmallFilesBenchmark {
    private static final int FILE_SIZE = 4096;

    @Param("10000")
    public int count;

    private Path directory;
    private LocalStorage storage;
    private Path bare;
    private byte[] bytes;

    @Setup(Level.Trial)
    public void open() throws IOException {
        directory = WorkDirectory.create("small-files-");
        storage = LocalStorage.open(directory.resolve("stowage"));
        bare = Files.createDirectories(directory.resolve("bare"));
        bytes = new Payload(FILE_SIZE).readAllBytesQuietly();
    }

    @Setup(Level.Invocation)
    public void emptyFolders() {
        for (int i = 0; i < count; i++) {
            storage.dir().delete("small-" + i);
        }
        WorkDirectory.delete(bare);
        try {
            Files.createDirectories(bare);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        storage.close();
        WorkDirectory.delete(directory);
    }

    @Benchmark
    public void stowageSaves() {
        for (int i = 0; i < count; i++) {
            storage.dir().save("small-" + i, new ByteArrayInputStream(bytes), SaveOptions.defaults());
        }
    }

    @Benchmark
    public void bareWriteFsyncRename() throws IOException {
        bareLoop(false);
    }

    /** The bare loop made durable as a save is: the folder is synced after each rename, as POSIX asks. */
    @Benchmark
    public void bareWriteFsyncRenameFolderFsync() throws IOException {
        bareLoop(true);
    }

    private void bareLoop(boolean syncFolder) throws IOException {
        for (int i = 0; i < count; i++) {
            Path temporary = bare.resolve("small-" + i + ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(bytes));
                channel.force(true);
            }
            Files.move(temporary, bare.resolve("small-" + i), StandardCopyOption.ATOMIC_MOVE);
            if (syncFolder) {
                try (FileChannel folder = FileChannel.open(bare, StandardOpenOption.READ)) {
                    folder.force(true);
                }
            }
        }
    }
}
