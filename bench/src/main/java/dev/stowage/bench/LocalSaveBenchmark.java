package dev.stowage.bench;

import dev.stowage.api.SaveOptions;
import dev.stowage.api.StoredFile;
import dev.stowage.local.LocalStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * Comparison 1: a local save (SHA-256, fsync, atomic move) of {@code size} streamed bytes against a bare JDK
 * copy of the same bytes with fsync, and against SHA-256 alone over them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LocalSaveBenchmark {
    @Param("1073741824")
    public long size;

    private Path directory;
    private LocalStorage storage;
    private Path copy;

    @Setup(Level.Trial)
    public void open() {
        directory = WorkDirectory.create("local-save-");
        storage = LocalStorage.open(directory.resolve("stowage"));
        copy = directory.resolve("copy");
    }

    @TearDown(Level.Invocation)
    public void deleteSaved() throws IOException {
        storage.dir().delete("saved");
        Files.deleteIfExists(copy);
    }

    @TearDown(Level.Trial)
    public void close() {
        storage.close();
        WorkDirectory.delete(directory);
    }

    @Benchmark
    public StoredFile stowageSave() {
        return storage.dir().save("saved", new Payload(size), SaveOptions.builder().overwrite(true).build());
    }

    @Benchmark
    public void bareCopyWithFsync() throws IOException {
        try (InputStream in = new Payload(size)) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    @Benchmark
    public byte[] sha256Only() throws NoSuchAlgorithmException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        try (Payload in = new Payload(size)) {
            for (int n; (n = in.read(buffer, 0, buffer.length)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
        }
        return sha256.digest();
    }
}
