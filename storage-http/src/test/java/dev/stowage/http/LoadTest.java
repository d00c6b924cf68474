package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.testkit.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded load on the standalone server in a child JVM with {@code -Xmx256m}: concurrent clients mixing
 * uploads (multipart, signed PUT, tus) and downloads (whole, and ranges) of generated files from 1 KiB up,
 * for a fixed time. No request may fail, every upload's and download's SHA-256 must be the one expected, and
 * the server's resident memory stays bounded; requests, bytes, latencies and peak memory are printed. Every
 * build runs {@value #DEFAULT_SECONDS} s with {@value #DEFAULT_CLIENTS} clients and files up to 8 MiB; the
 * {@code load} profile runs 60 s with 256 clients and files up to 64 MiB ({@code stowage.load.*} properties).
 */
class LoadTest {
    private static final int DEFAULT_SECONDS = 10;
    private static final int DEFAULT_CLIENTS = 32;
    private static final long SECONDS = Long.getLong("stowage.load.seconds", DEFAULT_SECONDS);
    private static final int CLIENTS = Integer.getInteger("stowage.load.clients", DEFAULT_CLIENTS);
    private static final long MAX_SIZE = Long.getLong("stowage.load.max-size", 8L << 20);
    private static final long MIN_SIZE = 1024;
    private static final long TUS_CHUNK = 8L << 20;
    /** Far above what a 256 MiB heap with its threads and buffers needs: only a leak reaches it. */
    private static final long RSS_BOUND = 1L << 30;
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    @TempDir
    Path tmp;

    private final Map<String, Queue<Long>> latencies = new ConcurrentHashMap<>();
    private final Queue<String> errors = new ConcurrentLinkedQueue<>();
    private final List<Stored> stored = new CopyOnWriteArrayList<>();
    private final AtomicLong bytes = new AtomicLong();
    /** Uploads stored, or downloads read, with other bytes than sent: counted among the errors too. */
    private final AtomicLong mismatches = new AtomicLong();
    private final AtomicLong seeds = new AtomicLong(1);
    private final AtomicLong peakRss = new AtomicLong();
    private final AtomicLong peakHeap = new AtomicLong(-1);

    /** A file the server acknowledged, and what it holds. */
    private record Stored(String url, long seed, long size, String sha256) {
    }

    @Test
    void mixedUploadsAndDownloadsWithoutAnErrorOrAMismatchInBoundedMemory() throws Exception {
        int port = ServerProcess.freePort();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "-Dstowage.upload-dir=" + Files.createDirectories(tmp.resolve("uploads")),
                "-Dstowage.http.port=" + port, "-Dstowage.http.max-file-size=" + MAX_SIZE,
                "-Dstowage.http.max-request-size=" + 2 * MAX_SIZE, StowageServer.class.getName());
        try (ServerProcess server = ServerProcess.start("stowage server (-Xmx256m)", command, Map.of(), port,
                tmp.resolve("server.log"), Duration.ofMinutes(2))) {
            GeneratedFileClient client = new GeneratedFileClient(server.httpUrl());
            TusClient tus = client.tus();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int i = 0; i < CLIENTS; i++) {
                long clientSeed = i;
                clients.execute(() -> runClient(client, tus, new SplittableRandom(clientSeed), deadline));
            }
            clients.shutdown();
            while (!clients.awaitTermination(1, TimeUnit.SECONDS)) {
                sampleMemory(server.pid());
            }
            sampleMemory(server.pid());
            report();
            assertTrue(errors.isEmpty(), errors.size() + " errors, the first: " + errors.stream().limit(10).toList()
                    + "\n" + server.logTail());
            assertTrue(peakRss.get() < RSS_BOUND, "the server's resident memory reached " + peakRss + " bytes");
            assertEquals(3, latencies.keySet().stream().filter(k -> !k.startsWith("GET")).count(),
                    "every upload kind ran: " + latencies.keySet());
        }
    }

    private void runClient(GeneratedFileClient client, TusClient tus, SplittableRandom random, long deadline) {
        while (System.nanoTime() < deadline) {
            int kind = random.nextInt(stored.isEmpty() ? 3 : 5);
            try {
                if (kind < 3) {
                    long seed = seeds.getAndIncrement();
                    long size = (long) Math.exp(random.nextDouble(Math.log(MIN_SIZE), Math.log(MAX_SIZE)));
                    upload(kind, client, tus, seed, size);
                } else {
                    Stored file = stored.get(random.nextInt(stored.size()));
                    download(client, file, kind == 4 ? random : null);
                }
            } catch (IOException | RuntimeException e) {
                errors.add(e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void upload(int kind, GeneratedFileClient client, TusClient tus, long seed, long size)
            throws IOException, InterruptedException {
        String sha256 = GeneratedFileClient.sha256(seed, size);
        long began = System.nanoTime();
        String name = switch (kind) {
            case 0 -> acknowledged("multipart", client.multipart(seed, size), true);
            case 1 -> acknowledged("signed PUT", client.signedPut(seed, size), false);
            default -> tusUpload(tus, seed, size);
        };
        if (name == null) {
            return;
        }
        record(new String[] {"multipart", "signed PUT", "tus"}[kind], began, size);
        String recorded = client.storedSha256("/_upload/" + name);
        if (!sha256.equals(recorded)) {
            mismatches.incrementAndGet();
            errors.add("upload of " + size + " bytes stored as " + name + " with SHA-256 " + recorded + ", not "
                    + sha256);
            return;
        }
        stored.add(new Stored("/_upload/" + name, seed, size, sha256));
    }

    private String acknowledged(String kind, HttpResponse<String> response, boolean multipart) throws IOException {
        if (response.statusCode() != 201) {
            errors.add(kind + " answered " + response.statusCode() + ": " + response.body());
            return null;
        }
        JsonNode json = GeneratedFileClient.JSON.readTree(response.body());
        return (multipart ? json.get("files").get(0) : json).get("storageId").asText();
    }

    private String tusUpload(TusClient tus, long seed, long size) {
        HttpResponse<String> created = tus.create(size, "");
        if (created.statusCode() != 201) {
            errors.add("tus creation answered " + created.statusCode() + ": " + created.body());
            return null;
        }
        URI upload = tus.location(created);
        HttpResponse<String> patched = null;
        for (long offset = 0; offset < size; offset += TUS_CHUNK) {
            long length = Math.min(TUS_CHUNK, size - offset);
            patched = tus.patch(upload, offset, GeneratedFileClient.slice(seed, offset, length));
            if (patched.statusCode() != 204) {
                errors.add("tus PATCH at " + offset + " answered " + patched.statusCode() + ": " + patched.body());
                return null;
            }
        }
        return TusClient.header(patched, TusServlet.STORAGE_ID_HEADER);
    }

    /** GETs {@code file} whole, or a random range of it when {@code random} is given, and checks the bytes. */
    private void download(GeneratedFileClient client, Stored file, SplittableRandom random)
            throws IOException, InterruptedException {
        long first = random == null ? 0 : random.nextLong(file.size());
        long last = random == null ? file.size() - 1 : random.nextLong(first, file.size());
        long began = System.nanoTime();
        GeneratedFileClient.Download got = client.download(file.url(),
                random == null ? null : "bytes=" + first + "-" + last);
        int expectedStatus = random == null ? 200 : 206;
        if (got.response().statusCode() != expectedStatus) {
            errors.add("GET " + file.url() + " answered " + got.response().statusCode());
            return;
        }
        record(random == null ? "GET" : "GET range", began, got.size());
        String expected = random == null ? file.sha256() : GeneratedFileClient.sha256(file.seed(), first,
                last - first + 1);
        if (!expected.equals(got.sha256())) {
            mismatches.incrementAndGet();
            errors.add("GET " + file.url() + " bytes " + first + "-" + last + " read back with SHA-256 "
                    + got.sha256() + ", not " + expected);
        }
    }

    private void record(String kind, long began, long size) {
        latencies.computeIfAbsent(kind, k -> new ConcurrentLinkedQueue<>()).add(System.nanoTime() - began);
        bytes.addAndGet(size);
    }

    /** Samples the server's resident set from /proc, and its heap in use through jcmd when there is one. */
    private void sampleMemory(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    long rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                    peakRss.accumulateAndGet(rss, Math::max);
                }
            }
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            if (Files.isExecutable(jcmd)) {
                Process heapInfo = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info")
                        .redirectErrorStream(true).start();
                String out = new String(heapInfo.getInputStream().readAllBytes());
                Matcher used = HEAP_USED.matcher(out);
                if (heapInfo.waitFor() == 0 && used.find()) {
                    peakHeap.accumulateAndGet(Long.parseLong(used.group(1)) * 1024, Math::max);
                }
            }
        } catch (IOException e) {
            errors.add("could not sample the server's memory: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void report() {
        long requests = latencies.values().stream().mapToLong(Queue::size).sum();
        StringBuilder figures = new StringBuilder(String.format("LoadTest: %d clients for %d s, files %d B to %d B:"
                + " %d requests, %d bytes, %d errors (%d byte mismatches); server peak RSS %d MiB, peak heap used %s%n",
                CLIENTS, SECONDS, MIN_SIZE, MAX_SIZE, requests, bytes.get(), errors.size(), mismatches.get(),
                peakRss.get() >> 20,
                peakHeap.get() < 0 ? "not sampled (no jcmd)" : (peakHeap.get() >> 20) + " MiB"));
        new TreeMap<>(latencies).forEach((kind, times) -> {
            List<Long> sorted = new ArrayList<>(times);
            sorted.sort(null);
            figures.append(String.format("  %-10s %6d requests  p50 %6d ms  p99 %6d ms%n", kind, sorted.size(),
                    sorted.get(sorted.size() / 2) / 1_000_000, sorted.get(sorted.size() * 99 / 100) / 1_000_000));
        });
        System.out.print(figures);
    }
}
