package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.stowage.api.ByteRange;
import dev.stowage.api.ChunkSink;
import dev.stowage.api.NotFoundException;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.Storage;
import dev.stowage.api.StorageException;
import dev.stowage.api.StoredFile;
import dev.stowage.api.UploadPolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backend on a real server, reached through a {@link FaultProxy}: every operation (save small and in parts,
 * overwrite, chunk sink, open and read with ranges, stat, list, copy, move, delete, presign) either succeeds with
 * the right bytes, after the adapter's retries, or fails with a {@link StorageException} (an
 * {@link IOException} while a stream is read) within a bound that only a hang exceeds; afterwards no
 * unfinished upload is left in the backend (the subclass looks, bypassing the adapter) and no name holds a
 * partial file. Each request an operation makes is hit in turn by a fault once; then every request by one fault
 * until the operation gives up, after which {@link dev.stowage.api.UploadDir#abortUnfinishedUploads} must
 * reclaim what the dead network kept it from removing. The faults are counted and printed.
 *
 * <p>The subclass opens the backend twice on one location: straight to the server (to set up and check) and
 * through the proxy with short socket timeouts and few attempts.
 */
public abstract class NetworkFaultContract {
    /** What the proxy stalls for: longer than the socket timeout the subclass sets. */
    protected static final Duration STALL = Duration.ofSeconds(4);
    /** The longest an operation may take, however faulty the network: beyond it, it hangs. */
    protected static final Duration BOUND = Duration.ofSeconds(90);
    private static final Map<String, Map<String, Integer>> TALLIES = new ConcurrentHashMap<>();
    private static final Map<String, Map<String, Integer>> OUTCOMES = new ConcurrentHashMap<>();

    @TempDir
    protected Path workDir;

    /** The proxy between the adapter and the server, fresh for each test. */
    protected FaultProxy proxy;
    /** The backend straight on the server. */
    protected Storage direct;
    /** The same location through the proxy. */
    protected Storage faulty;

    private final Map<String, Set<String>> allowed = new TreeMap<>();
    private final AtomicInteger runs = new AtomicInteger();
    private final ExecutorService runner = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "fault-drill");
        thread.setDaemon(true);
        return thread;
    });

    /** The server's URL, {@code http://127.0.0.1:<port>}. */
    protected abstract String serverUrl();

    /** Opens a fresh, empty location on the server, talking to it directly. */
    protected abstract Storage openDirect(Path workDir) throws Exception;

    /**
     * Opens the location {@link #openDirect} opened for {@code workDir} through {@code proxyUrl}, with socket
     * timeouts well under {@link #STALL} and a few attempts per call.
     */
    protected abstract Storage openThrough(String proxyUrl, Path workDir) throws Exception;

    /**
     * Fails unless the backend holds no unfinished upload (multipart upload, resumable session, staging or state
     * object), looking at the server directly.
     */
    protected abstract void assertNoUnfinishedUploads(Storage direct) throws Exception;

    /** The size of a file that goes up in several requests (parts, pieces). */
    protected abstract int severalPartsSize();

    /** The faults each request is hit by in turn. */
    protected List<FaultProxy.Fault> faults() {
        return List.of(FaultProxy.Fault.resetRequest(100), FaultProxy.Fault.resetRequest(6000),
                FaultProxy.Fault.resetResponse(40), FaultProxy.Fault.resetResponse(3000),
                FaultProxy.Fault.stall(STALL), FaultProxy.Fault.truncateResponse(10), serverError(503),
                serverError(500));
    }

    /** The backend's way of answering {@code status} (S3's XML error, GCS's JSON error). */
    protected abstract FaultProxy.Fault serverError(int status);

    /**
     * Whether the adapter must survive {@code fault} hitting one request of {@code operation} (succeed after its
     * retries), rather than only fail cleanly. By default: an injected 5xx answer, which every adapter retries.
     */
    protected boolean mustSurviveOnce(String operation, FaultProxy.Fault fault) {
        return fault instanceof FaultProxy.Respond;
    }

    @BeforeEach
    final void openBoth() throws Exception {
        direct = openDirect(workDir);
        proxy = FaultProxy.to(serverUrl());
        faulty = openThrough(proxy.url(), workDir);
    }

    @AfterEach
    final void closeBoth() {
        try {
            TALLIES.merge(getClass().getName(), proxy.injectedByKind(), NetworkFaultContract::sum);
            proxy.clearRules();
            if (faulty != null) {
                faulty.close();
            }
        } finally {
            proxy.close();
            if (direct != null) {
                direct.close();
            }
            runner.shutdownNow();
        }
    }

    @AfterAll
    static void printTallies() {
        TALLIES.forEach((test, kinds) -> System.out.println("[faults] " + test + ": "
                + kinds.values().stream().mapToInt(Integer::intValue).sum() + " faults injected " + kinds
                + "; outcomes " + OUTCOMES.getOrDefault(test, Map.of())));
    }

    private static Map<String, Integer> sum(Map<String, Integer> a, Map<String, Integer> b) {
        Map<String, Integer> total = new TreeMap<>(a);
        b.forEach((k, v) -> total.merge(k, v, Integer::sum));
        return total;
    }

    /** One operation of the drill: set up straight on the server, run through the proxy, then checked. */
    private interface Operation {
        /** Runs through {@code storage}; checks what it returns when it succeeds. */
        void run(Storage storage) throws Exception;
    }

    /** The operations, each a factory making a fresh instance (its own names) for every run. */
    private Map<String, java.util.function.Supplier<Operation>> operations() {
        Map<String, java.util.function.Supplier<Operation>> ops = new LinkedHashMap<>();
        ops.put("save", () -> {
            String name = fresh("small");
            byte[] data = data(64 * 1024);
            allow(name, null, data);
            return s -> assertEquals(sha256(data), s.dir().save(name, stream(data)).sha256());
        });
        ops.put("save-parts", () -> {
            String name = fresh("parts");
            byte[] data = data(severalPartsSize());
            allow(name, null, data);
            return s -> assertEquals(sha256(data), s.dir().save(name, stream(data),
                    SaveOptions.builder().originalFilename("parts.bin").build()).sha256());
        });
        ops.put("overwrite", () -> {
            String name = fresh("over");
            byte[] old = data(20_000);
            byte[] fresh = data(30_000);
            direct.dir().save(name, stream(old));
            allow(name, old, fresh);
            return s -> assertEquals(sha256(fresh), s.dir().save(name, stream(fresh),
                    SaveOptions.builder().overwrite(true).build()).sha256());
        });
        ops.put("chunk-sink", () -> {
            String name = fresh("chunks");
            byte[] data = data(severalPartsSize());
            allow(name, null, data);
            return s -> {
                try (ChunkSink sink = s.dir().chunkSink(name, SaveOptions.builder().expectedSize(data.length)
                        .build())) {
                    int half = data.length / 2;
                    sink.write(half, stream(Arrays.copyOfRange(data, half, data.length)));
                    sink.write(0, stream(Arrays.copyOfRange(data, 0, half)));
                    assertEquals(sha256(data), sink.complete().sha256());
                }
            };
        });
        ops.put("read", () -> {
            String name = fresh("read");
            byte[] data = data(300_000);
            direct.dir().save(name, stream(data));
            allow(name, data);
            return s -> {
                try (InputStream in = s.dir().open(name)) {
                    assertArrayEquals(data, in.readAllBytes());
                }
                try (InputStream in = s.dir().open(name, ByteRange.of(1000, 150_000))) {
                    assertArrayEquals(Arrays.copyOfRange(data, 1000, 151_000), in.readAllBytes());
                }
            };
        });
        ops.put("stat", () -> {
            String name = fresh("stat");
            byte[] data = data(1000);
            StoredFile saved = direct.dir().save(name, stream(data));
            allow(name, data);
            return s -> {
                assertEquals(saved.sha256(), s.dir().stat(name).sha256());
                assertTrue(s.dir().exists(name));
            };
        });
        ops.put("list", () -> {
            String folder = fresh("list") + "/";
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                byte[] data = data(100 + i);
                direct.dir().save(folder + i, stream(data));
                allow(folder + i, data);
                names.add(folder + i);
            }
            return s -> {
                try (var files = s.dir().list(folder)) {
                    assertEquals(names, files.map(StoredFile::name).toList());
                }
            };
        });
        ops.put("copy", () -> {
            String source = fresh("copy-from");
            String target = fresh("copy-to");
            byte[] data = data(50_000);
            direct.dir().save(source, stream(data));
            allow(source, data);
            allow(target, null, data);
            return s -> assertEquals(sha256(data), s.dir().copy(source, target, false).sha256());
        });
        ops.put("move", () -> {
            String source = fresh("move-from");
            String target = fresh("move-to");
            byte[] data = data(50_000);
            direct.dir().save(source, stream(data));
            allow(source, null, data);
            allow(target, null, data);
            return s -> {
                assertEquals(sha256(data), s.dir().move(source, target, false).sha256());
                if (direct.dir().exists(source)) {
                    fail("the source of a move is still there");
                }
            };
        });
        ops.put("delete", () -> {
            String name = fresh("delete");
            byte[] data = data(5000);
            direct.dir().save(name, stream(data));
            allow(name, null, data);
            return s -> {
                assertTrue(s.dir().delete(name) || !direct.dir().exists(name));
                if (direct.dir().exists(name)) {
                    fail("deleted, yet still there");
                }
            };
        });
        return ops;
    }

    /**
     * Each request of each operation, hit once in turn by faults: its answer lost after the server did the work,
     * then two of {@link #faults()} in turn. The operation succeeds with the right bytes or fails cleanly in time,
     * and leaves nothing unfinished.
     */
    @Test
    void everyRequestFailingOnceIsRetriedOrFailsCleanly() throws Exception {
        List<FaultProxy.Fault> faults = faults();
        int rotation = 0;
        List<String> unsurvived = new ArrayList<>();
        for (Map.Entry<String, java.util.function.Supplier<Operation>> op : operations().entrySet()) {
            int before = proxy.requests();
            Outcome clean = attempt(op.getKey() + " without faults", op.getValue().get());
            assertTrue(clean.failure() == null, () -> op.getKey() + " failed without any fault: " + clean.failure());
            int requests = proxy.requests() - before;
            assertTrue(requests > 0, op.getKey() + " sent no request");
            for (int k = 0; k < requests; k++) {
                for (int variant = 0; variant < 3; variant++) {
                    // first the answer lost after the server did the work, then two of the others in turn
                    FaultProxy.Fault fault = variant == 0 ? FaultProxy.Fault.resetResponse(0)
                            : faults.get(rotation++ % faults.size());
                    Operation operation = op.getValue().get();
                    FaultProxy.Rule rule = proxy.when(request -> true, fault).skip(k).times(1);
                    String what = op.getKey() + " with " + fault + " on request " + (k + 1) + " of " + requests;
                    Outcome outcome = attempt(what, operation);
                    rule.remove();
                    tally(op.getKey(), rule.hits() == 0 ? "unhit" : outcome.failure() == null ? "survived"
                            : "failed cleanly");
                    report(what, outcome);
                    if (rule.hits() > 0 && outcome.failure() != null && mustSurviveOnce(op.getKey(), fault)) {
                        unsurvived.add(what + ": " + outcome.failure());
                    }
                    assertSettled(what);
                }
            }
        }
        assertTrue(proxy.injected() > 0, "no fault was injected");
        assertEquals(List.of(), unsurvived, "faults the adapter's retries should have covered");
        assertEveryVisibleFileWhole();
    }

    /**
     * Every request of an operation hit by the same fault: it fails cleanly in time (or succeeds where the
     * fault does not touch it); once the network is back, aborting unfinished uploads leaves nothing.
     */
    @Test
    void aPersistentFaultFailsEveryOperationCleanlyAndInTime() throws Exception {
        List<FaultProxy.Fault> persistent = List.of(FaultProxy.Fault.resetRequest(100),
                FaultProxy.Fault.resetResponse(3000), FaultProxy.Fault.stall(STALL), serverError(503));
        for (Map.Entry<String, java.util.function.Supplier<Operation>> op : operations().entrySet()) {
            for (FaultProxy.Fault fault : persistent) {
                Operation operation = op.getValue().get();
                FaultProxy.Rule rule = proxy.when(request -> true, fault);
                String what = op.getKey() + " with " + fault + " on every request";
                Outcome outcome = attempt(what, operation);
                rule.remove();
                tally(op.getKey(), outcome.failure() == null ? "survived" : "failed cleanly");
                report(what, outcome);
                faulty.dir().abortUnfinishedUploads(Duration.ZERO);
                assertSettled(what);
            }
        }
        assertEveryVisibleFileWhole();
    }

    /** Opening and reading a whole file costs one request, as with the backend's own client alone. */
    @Test
    void aWholeFileIsReadWithOneRequest() throws Exception {
        String name = fresh("whole-read");
        byte[] data = data(300_000);
        direct.dir().save(name, stream(data));
        int before = proxy.requests();
        try (InputStream in = faulty.dir().open(name)) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertEquals(1, proxy.requests() - before, "requests to read a whole file");
    }

    /** A byte range, as a video player asks for, costs one request too: no stat first. */
    @Test
    void aRangeIsReadWithOneRequest() throws Exception {
        String name = fresh("range-read");
        byte[] data = data(300_000);
        direct.dir().save(name, stream(data));
        int before = proxy.requests();
        try (InputStream in = faulty.dir().open(name, ByteRange.of(100_000, 50_000))) {
            assertArrayEquals(Arrays.copyOfRange(data, 100_000, 150_000), in.readAllBytes());
        }
        try (InputStream in = faulty.dir().open(name, ByteRange.from(250_000))) {
            assertArrayEquals(Arrays.copyOfRange(data, 250_000, data.length), in.readAllBytes());
        }
        assertEquals(2, proxy.requests() - before, "requests to read two ranges");
    }

    /**
     * A read whose connection stalls after its file was replaced asks again for the rest, and gets the rest of the
     * version it opened or fails: never the new version's bytes after the old one's. The stall comes well past
     * what a client buffers on opening and outlasts the replacement, so the second request is sent after it.
     */
    @Test
    void aReadTakenUpAgainAfterItsFileWasReplacedNeverMixesTheTwo() throws Exception {
        String name = fresh("replaced-read");
        byte[] old = data(8 * 1024 * 1024);
        byte[] replacement = data(old.length + 1);
        direct.dir().save(name, stream(old));
        FaultProxy.Rule stall = proxy.when(request -> readsBytesOf(request, name),
                FaultProxy.Fault.stallResponse(old.length / 2, STALL.multipliedBy(10))).times(1);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        Throwable failure = null;
        try (InputStream in = faulty.dir().open(name)) {
            read.writeBytes(in.readNBytes(1000));
            direct.dir().save(name, stream(replacement), SaveOptions.builder().overwrite(true).build());
            assertEquals(1, proxy.requests(request -> readsBytesOf(request, name)), "reads before the replacement");
            in.transferTo(read);
        } catch (IOException | StorageException e) {
            failure = e;
        }
        assertEquals(1, stall.hits(), "the stall");
        assertTrue(proxy.requests(request -> readsBytesOf(request, name)) > 1,
                "the read did not ask again for the rest: " + failure);
        if (failure == null) {
            assertArrayEquals(old, read.toByteArray(), "a read taken up again after a replacement");
        } else {
            assertTrue(Arrays.equals(Arrays.copyOf(old, read.size()), read.toByteArray()),
                    "a read saw other bytes before it failed");
        }
    }

    /**
     * Whether {@code request} asks for bytes of the file {@code name}, not for its metadata: an S3 GET of its key
     * (no query), or a GCS JSON API GET with {@code alt=media}.
     */
    private static boolean readsBytesOf(FaultProxy.Request request, String name) {
        return request.method().equals("GET") && request.target().contains(name.substring(name.indexOf('/') + 1))
                && (request.query().isEmpty() || request.hasQueryParameter("alt"));
    }

    /** Presigning is local: it works with every request to the server failing. */
    @Test
    void presigningSendsNothing() {
        proxy.when(request -> true, serverError(503));
        int before = proxy.requests();
        assertNotNull(faulty.urls().of("some/file.png"));
        if (faulty.capabilities().has(dev.stowage.api.Capability.PRESIGNED_PUT)) {
            assertNotNull(faulty.urls().presignUploadNew(UploadPolicy.builder().maxSize(1000).build()));
        }
        if (faulty.capabilities().has(dev.stowage.api.Capability.PRESIGNED_DOWNLOAD)) {
            assertNotNull(faulty.urls().presignDownload("some/file.png", Duration.ofMinutes(5), "file.png"));
        }
        assertEquals(before, proxy.requests(), "presigning went to the server");
    }

    /** How an attempt ended: null failure when it succeeded. */
    private record Outcome(Throwable failure, Duration took) {
    }

    /**
     * Runs {@code operation} through the proxy within {@link #BOUND}; a failure must be a
     * {@link StorageException}, or an {@link IOException} from reading a stream.
     */
    private Outcome attempt(String what, Operation operation) throws InterruptedException {
        long start = System.nanoTime();
        Future<?> future = runner.submit(() -> {
            operation.run(faulty);
            return null;
        });
        try {
            future.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            return new Outcome(null, Duration.ofNanos(System.nanoTime() - start));
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError(what + " hung: still running after " + BOUND);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AssertionError wrong) {
                throw new AssertionError(what + " returned wrong results: " + wrong.getMessage(), wrong);
            }
            if (!(cause instanceof StorageException || cause instanceof IOException
                    || cause instanceof UncheckedIOException && cause.getCause() != null)) {
                throw new AssertionError(what + " failed with " + cause.getClass().getName()
                        + ", not a StorageException: " + cause, cause);
            }
            if (cause.getMessage() == null || cause.getMessage().isBlank()) {
                throw new AssertionError(what + " failed without saying why: " + cause, cause);
            }
            return new Outcome(cause, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** After an attempt: no unfinished upload, and each name it touched holds one allowed whole file or none. */
    private void assertSettled(String what) throws Exception {
        try {
            assertNoUnfinishedUploads(direct);
            for (Map.Entry<String, Set<String>> name : allowed.entrySet()) {
                assertAllowed(name.getKey(), name.getValue());
            }
        } catch (AssertionError e) {
            throw new AssertionError("after " + what + ": " + e.getMessage(), e);
        }
        allowed.clear();
    }

    private void assertAllowed(String name, Set<String> shas) throws IOException {
        byte[] stored;
        StoredFile stat;
        try {
            stat = direct.dir().stat(name);
            try (InputStream in = direct.dir().open(name)) {
                stored = in.readAllBytes();
            }
        } catch (NotFoundException e) {
            assertTrue(shas.contains(""), () -> "'" + name + "' is gone");
            return;
        }
        String sha = sha256(stored);
        assertTrue(shas.contains(sha), () -> "'" + name + "' holds bytes no writer wrote (" + stored.length
                + " bytes): a partial or mixed file");
        assertEquals(sha, stat.sha256(), () -> "'" + name + "' has a recorded SHA-256 of other bytes");
        assertEquals(stored.length, stat.size(), () -> "'" + name + "' has a recorded size of other bytes");
    }

    /** Every visible file holds bytes that match its recorded SHA-256 and size. */
    private void assertEveryVisibleFileWhole() throws IOException {
        List<StoredFile> files;
        try (var all = direct.dir().list("")) {
            files = all.toList();
        }
        for (StoredFile file : files) {
            try (InputStream in = direct.dir().open(file.name())) {
                byte[] stored = in.readAllBytes();
                assertEquals(file.sha256(), sha256(stored), file.name());
                assertEquals(file.size(), stored.length, file.name());
            }
        }
    }

    private static void report(String what, Outcome outcome) {
        System.out.println("[faults] " + what + ": " + (outcome.failure() == null ? "succeeded"
                : "failed (" + outcome.failure().getClass().getSimpleName() + ": " + outcome.failure().getMessage()
                + rootCause(outcome.failure()) + ")") + " in " + outcome.took().toMillis() + " ms");
    }

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? "" : "; caused by " + root;
    }

    private void tally(String operation, String outcome) {
        OUTCOMES.computeIfAbsent(getClass().getName(), k -> new ConcurrentHashMap<>()).merge(outcome, 1,
                Integer::sum);
    }

    /** Allows {@code name} to end up holding any of {@code contents} (null: no file). */
    private void allow(String name, byte[]... contents) {
        Set<String> shas = allowed.computeIfAbsent(name, k -> new java.util.HashSet<>());
        for (byte[] content : contents) {
            shas.add(content == null ? "" : sha256(content));
        }
    }

    private String fresh(String what) {
        return "drill/" + what + "-" + runs.incrementAndGet();
    }

    private byte[] data(int size) {
        byte[] data = new byte[size];
        new Random(runs.get() * 31L + size).nextBytes(data);
        return data;
    }

    private static InputStream stream(byte[] data) {
        return new ByteArrayInputStream(data);
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
