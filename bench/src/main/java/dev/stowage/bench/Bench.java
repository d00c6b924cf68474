package dev.stowage.bench;

import dev.stowage.testkit.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs the comparisons and writes {@code results.md} and {@code results.csv} into {@code bench.results}.
 * Arguments: {@code --quick} (small sizes, 3 rounds: checks the harness, proves nothing),
 * {@code --rounds=N}, {@code --append} (keep the rows already written, from a run of other comparisons),
 * {@code --only=local,chunks,small,download,upload,s3,gcs,memory}.
 */
public final class Bench {
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    private final boolean quick;
    private final int rounds;
    private final List<ResultRow> rows = new ArrayList<>();
    private final ResultsTable results = new ResultsTable(Path.of(System.getProperty("bench.results",
            "bench/results")));

    private Bench(boolean quick, int rounds) {
        this.quick = quick;
        this.rounds = rounds;
    }

    public static void main(String[] args) {
        List<String> flags = Arrays.asList(args);
        boolean quick = flags.contains("--quick");
        int rounds = quick ? 3 : 9;
        Set<String> only = Set.of("local", "chunks", "small", "download", "upload", "s3", "gcs", "memory");
        for (String arg : args) {
            if (arg.startsWith("--rounds=")) {
                rounds = Integer.parseInt(arg.substring("--rounds=".length()));
            } else if (arg.startsWith("--only=")) {
                only = Set.of(arg.substring("--only=".length()).split(","));
            } else if (!arg.equals("--quick") && !arg.equals("--append")) {
                throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        Bench bench = new Bench(quick, rounds);
        if (flags.contains("--append")) {
            bench.results.keepEarlier();
        }
        bench.run(only);
    }

    private void run(Set<String> only) {
        long big = quick ? 64 * MIB : GIB;
        List<String> jvm = List.of("-Xmx1g", "-Dbench.work=" + System.getProperty("bench.work", ""));
        int warmups = quick ? 0 : 1; // untimed runs first: a running server and a 1 GiB save are JIT-compiled
        Map<String, String> size = Map.of("size", Long.toString(big));
        if (only.contains("local")) {
            record(new Comparison("local save " + sizeName(big), "slower of bare copy+fsync, SHA-256",
                    Figure.megabytesPerSecond(big), Goal.speedAtLeast(0.85),
                    new JmhMeasurement(LocalSaveBenchmark.class, "stowageSave", size, jvm, warmups),
                    List.of(new JmhMeasurement(LocalSaveBenchmark.class, "bareCopyWithFsync", size, jvm, warmups),
                            new JmhMeasurement(LocalSaveBenchmark.class, "sha256Only", size, jvm, warmups))));
        }
        if (only.contains("chunks")) {
            record(new Comparison("chunk sink " + sizeName(big) + ", 8 MiB chunks shuffled", "in order",
                    Figure.megabytesPerSecond(big), Goal.speedAtLeast(0.8),
                    new JmhMeasurement(ChunkSinkBenchmark.class, "shuffled", size, jvm, warmups),
                    new JmhMeasurement(ChunkSinkBenchmark.class, "inOrder", size, jvm, warmups)));
        }
        if (only.contains("download") || only.contains("upload")) {
            try (HttpBench http = new HttpBench(big)) {
                if (only.contains("download")) {
                    http.downloads(quick ? 2 : 5).forEach(comparison -> record(comparison, warmups));
                }
                if (only.contains("upload")) {
                    http.uploads().forEach(comparison -> record(comparison, warmups));
                }
            }
        }
        if (only.contains("memory")) {
            long large = quick ? 256 * MIB : 2 * GIB;
            long small = quick ? 32 * MIB : 256 * MIB;
            record(new Comparison("server peak RSS, " + sizeName(large) + " upload (heap 128 MiB)",
                    sizeName(small) + " upload", Figure.mebibytes(), Goal.costAtMost(1.1),
                    () -> PeakMemory.afterUpload(large), () -> PeakMemory.afterUpload(small)));
        }
        if (only.contains("s3")) {
            runAdapter("S3", "raw AWS SDK v2 (S3Proxy)", S3AdapterBenchmark.class, S3AdapterBenchmark.ENDPOINT,
                    S3ProxyProcess::start, 8000, jvm, warmups); // HMAC signing: 8,000 URLs take seconds
        }
        if (only.contains("gcs")) {
            runAdapter("GCS", "raw google-cloud-storage (fake-gcs-server)", GcsAdapterBenchmark.class,
                    GcsAdapterBenchmark.HOST, FakeGcsProcess::start, 2000, jvm, warmups); // RSA: 2,000 do
        }
        // Last: at about 2,000 fsyncs a second it is the longest.
        if (only.contains("small")) {
            int count = quick ? 1000 : 10_000;
            Map<String, String> files = Map.of("count", Integer.toString(count));
            String name = String.format("small files %,d × 4 KiB", count);
            // Timed after an untimed shot of as many saves: a save's path is compiled only after thousands of saves
            // (measured: 0.5 ms of user CPU per save over the first 2,000, 0.14 ms after 12,000).
            record(new Comparison(name, "bare write+fsync+rename", Figure.rate("files/s", count),
                    Goal.speedAtLeast(0.7),
                    new JmhMeasurement(SmallFilesBenchmark.class, "stowageSaves", files, jvm, warmups),
                    new JmhMeasurement(SmallFilesBenchmark.class, "bareWriteFsyncRename", files, jvm, warmups)));
            // Not a goal of the issue: where the durable floor lies (a folder fsync per file, as a save does).
            record(new Comparison(name, "bare write+fsync+rename+folder fsync", Figure.rate("files/s", count),
                    Goal.speedAtLeast(0.9),
                    new JmhMeasurement(SmallFilesBenchmark.class, "stowageSaves", files, jvm, warmups),
                    new JmhMeasurement(SmallFilesBenchmark.class, "bareWriteFsyncRenameFolderFsync", files, jvm,
                            warmups)));
        }
    }

    /**
     * Comparison 6: the adapter against its raw client, on a server {@code start} starts in a scratch folder, with
     * {@code presignCount} URLs signed per shot (enough for a shot of seconds, so the scheduler's noise averages
     * out). Each side is timed after {@code warmups} untimed shots in its own fork, and the comparison after as many
     * untimed rounds, so that what is compared is the steady cost a running application pays, not which side loads
     * more classes or meets the server (S3Proxy is a JVM too) before it has compiled its hot paths.
     */
    private void runAdapter(String backend, String baseline, Class<?> benchmark, String hostProperty,
            Function<Path, ServerProcess> start, int presignCount, List<String> jvm, int warmups) {
        long size = quick ? 32 * MIB : 256 * MIB;
        int presigns = quick ? 200 : presignCount;
        Path home = WorkDirectory.create(backend.toLowerCase(Locale.ROOT) + "-server-");
        try (ServerProcess server = start.apply(home)) {
            List<String> withHost = new ArrayList<>(jvm);
            withHost.add("-D" + hostProperty + "=" + server.httpUrl());
            Map<String, String> params = Map.of("size", Long.toString(size), "presigns", Integer.toString(presigns));
            for (String operation : List.of("save", "read", "presign")) {
                boolean presign = operation.equals("presign");
                String method = Character.toUpperCase(operation.charAt(0)) + operation.substring(1);
                record(new Comparison(backend + " " + operation + (presign ? " GET URL" : " " + sizeName(size)),
                        baseline, presign ? Figure.rate("URLs/s", presigns) : Figure.megabytesPerSecond(size),
                        Goal.costAtMost(1.05),
                        new JmhMeasurement(benchmark, "stowage" + method, params, withHost, warmups),
                        new JmhMeasurement(benchmark, "raw" + method, params, withHost, warmups)), warmups);
            }
        } finally {
            WorkDirectory.delete(home);
        }
    }

    private void record(Comparison comparison) {
        record(comparison, 0);
    }

    /** Runs a comparison after {@code warmups} untimed rounds (for servers that JIT-compile as they go). */
    private void record(Comparison comparison, int warmups) {
        rows.add(comparison.run(rounds, warmups));
        results.write(rows, header());
    }

    private String header() {
        String load;
        try {
            load = Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (quick ? "**Quick run** (small sizes, few rounds: checks the harness, proves nothing). " : "")
                + "Run " + Instant.now() + " on " + Runtime.getRuntime().availableProcessors()
                + " cores (load average at the end: " + load + "); Java " + Runtime.version() + ". Each ratio is the"
                + " median of per-round ratios over interleaved rounds (Stowage, then its baseline); ≥ goals are"
                + " Stowage's speed over the baseline's, ≤ goals Stowage's cost over the baseline's. On a shared,"
                + " loaded machine the absolute figures are noise and even ratios wobble; reproduce with"
                + " `bash bench/run`.";
    }

    static String sizeName(long bytes) {
        return bytes >= GIB && bytes % GIB == 0 ? bytes / GIB + " GiB" : bytes / MIB + " MiB";
    }
}
