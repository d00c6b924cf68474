package dev.stowage.bench;

import dev.stowage.api.ChunkSink;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.StoredFile;
import dev.stowage.local.LocalStorage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
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

/** Comparison 2: a local chunk-sink save of {@code size} bytes in 8 MiB chunks, shuffled against in order. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ChunkSinkBenchmark {
    private static final int CHUNK = 8 << 20;

    @Param("1073741824")
    public long size;

    private java.nio.file.Path directory;
    private LocalStorage storage;
    /** Every chunk: the payload repeats each mebibyte, so all 8 MiB chunks hold the same bytes. */
    private byte[] chunk;
    private List<Long> inOrder;
    private List<Long> shuffled;

    @Setup(Level.Trial)
    public void open() {
        directory = WorkDirectory.create("chunk-sink-");
        storage = LocalStorage.open(directory.resolve("stowage"));
        chunk = new Payload(CHUNK).readAllBytesQuietly();
        inOrder = new ArrayList<>();
        for (long offset = 0; offset < size; offset += CHUNK) {
            inOrder.add(offset);
        }
        shuffled = new ArrayList<>(inOrder);
        Collections.shuffle(shuffled, new Random(6));
    }

    @TearDown(Level.Invocation)
    public void deleteSaved() {
        storage.dir().delete("chunked");
    }

    @TearDown(Level.Trial)
    public void close() {
        storage.close();
        WorkDirectory.delete(directory);
    }

    @Benchmark
    public StoredFile shuffled() {
        return save(shuffled);
    }

    @Benchmark
    public StoredFile inOrder() {
        return save(inOrder);
    }

    private StoredFile save(List<Long> offsets) {
        try (ChunkSink sink = storage.dir().chunkSink("chunked",
                SaveOptions.builder().overwrite(true).expectedSize(size).build())) {
            for (long offset : offsets) {
                sink.write(offset, new ByteArrayInputStream(chunk, 0, (int) Math.min(CHUNK, size - offset)));
            }
            return sink.complete();
        }
    }
}
