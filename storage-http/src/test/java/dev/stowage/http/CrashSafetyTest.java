package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.testkit.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone server on local disk, in a child JVM, killed with SIGKILL at random moments while uploads of
 * every kind run (multipart POST, signed PUT, tus, and chunk-sink uploads by a second child process straight
 * through {@code LocalStorage}, killed with it). After every restart: staging holds only the new server's empty
 * folder; every visible file reads back whole, with the SHA-256 and size its metadata records, and is one of
 * the files sent (never torn); every upload acknowledged as stored is there with its bytes; every tus upload is
 * at least at its last acknowledged offset and completes from there. {@code -Dstowage.crash.cycles} sets
 * the number of kills (8); the {@code crash} profile runs 200.
 */
class CrashSafetyTest {
    private static final int CYCLES = Integer.getInteger("stowage.crash.cycles", 8);
    private static final int HTTP_UPLOADERS = 6;
    private static final long MAX_SIZE = 1L << 20;
    private static final long TUS_CHUNK = 256 * 1024;

    @TempDir
    Path tmp;

    private final SplittableRandom random = new SplittableRandom(Long.getLong("stowage.crash.seed", 11));
    /** The size of every file an upload was started with, by its SHA-256. */
    private final Map<String, Long> sentSizes = new ConcurrentHashMap<>();
    /** The SHA-256 of every upload acknowledged as stored, by storage id. */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, String> verified = new ConcurrentHashMap<>();
    private final Queue<TusUpload> unfinishedTus = new ConcurrentLinkedQueue<>();
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger tusResumed = new AtomicInteger();
    private final AtomicLong seeds = new AtomicLong(1);
    private Path uploads;

    /** A tus upload begun by this test, with what the server acknowledged of it. */
    private static final class TusUpload {
        final String path;
        final long seed;
        final long size;
        final String sha256;
        volatile long acknowledgedOffset;

        TusUpload(String path, long seed, long size, String sha256) {
            this.path = path;
            this.seed = seed;
            this.size = size;
            this.sha256 = sha256;
        }
    }

    @Test
    void killedAtRandomTheServerLosesNothingAcknowledgedAndShowsNothingPartial() throws Exception {
        uploads = Files.createDirectories(tmp.resolve("uploads"));
        int kills = 0;
        for (int cycle = 0; cycle <= CYCLES; cycle++) {
            ServerProcess server = startServer(cycle);
            try {
                if (cycle > 0) {
                    checkAfterRestart(server, cycle);
                }
                if (cycle == CYCLES) {
                    break;
                }
                Process chunkUploader = startChunkUploader(cycle);
                AtomicBoolean running = new AtomicBoolean(true);
                ExecutorService uploaders = Executors.newFixedThreadPool(HTTP_UPLOADERS);
                GeneratedFileClient client = new GeneratedFileClient(server.httpUrl());
                for (int i = 0; i < HTTP_UPLOADERS; i++) {
                    int kind = i % 3;
                    uploaders.execute(() -> uploadUntilKilled(client, kind, running));
                }
                Thread.sleep(random.nextLong(1000, 3000));
                server.kill();
                chunkUploader.destroyForcibly().waitFor();
                kills++;
                running.set(false);
                uploaders.shutdown();
                assertTrue(uploaders.awaitTermination(5, TimeUnit.MINUTES), "uploads hang after the kill");
                readChunkUploaderLog(cycle);
            } finally {
                server.close();
            }
        }
        System.out.printf("CrashSafetyTest: %d kill/restart cycles, %d kills of the server (and of the chunk-sink "
                + "uploader), %d uploads started, %d acknowledged as stored, %d visible files verified, "
                + "%d tus uploads resumed after a kill%n", CYCLES, kills,
                started.get(), acknowledged.size(), verified.size(), tusResumed.get());
        assertEquals(CYCLES, kills);
        assertTrue(acknowledged.size() > CYCLES, "too few uploads were acknowledged to prove anything: "
                + acknowledged.size());
    }

    private ServerProcess startServer(int cycle) {
        int port = ServerProcess.freePort();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "-Dstowage.upload-dir=" + uploads,
                "-Dstowage.http.port=" + port, StowageServer.class.getName());
        return ServerProcess.start("stowage server", command, Map.of(), port, tmp.resolve("server-" + cycle + ".log"),
                Duration.ofMinutes(2));
    }

    private Process startChunkUploader(int cycle) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), ChunkSinkUploaderMain.class.getName(),
                uploads.toString(), "c" + cycle, "2").redirectErrorStream(true)
                .redirectOutput(tmp.resolve("chunks-" + cycle + ".log").toFile()).start();
    }

    private void uploadUntilKilled(GeneratedFileClient client, int kind, AtomicBoolean running) {
        while (running.get()) {
            long seed = seeds.getAndIncrement();
            long size = 1 + new SplittableRandom(seed).nextLong(MAX_SIZE);
            String sha256 = GeneratedFileClient.sha256(seed, size);
            sentSizes.put(sha256, size);
            started.incrementAndGet();
            try {
                switch (kind) {
                    case 0 -> acknowledge("multipart", client.multipart(seed, size), sha256, true);
                    case 1 -> acknowledge("signed PUT", client.signedPut(seed, size), sha256, false);
                    default -> tusUpload(client.tus(), seed, size, sha256);
                }
            } catch (IOException | UncheckedIOException e) {
                // cut off by the kill: not acknowledged, so nothing is expected of it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void acknowledge(String kind, HttpResponse<String> response, String sha256, boolean multipart)
            throws IOException {
        if (response.statusCode() != 201) {
            problems.add(kind + " answered " + response.statusCode() + ": " + response.body());
            return;
        }
        JsonNode json = GeneratedFileClient.JSON.readTree(response.body());
        JsonNode file = multipart ? json.get("files").get(0) : json;
        if (!file.get("sha256").asText().equals(sha256)) {
            problems.add(kind + " stored " + file + " for a file of SHA-256 " + sha256);
        }
        acknowledged.put(file.get("storageId").asText(), sha256);
    }

    private void tusUpload(TusClient tus, long seed, long size, String sha256) {
        HttpResponse<String> created = tus.create(size, "");
        if (created.statusCode() != 201) {
            problems.add("tus creation answered " + created.statusCode() + ": " + created.body());
            return;
        }
        TusUpload upload = new TusUpload(tus.location(created).getPath(), seed, size, sha256);
        unfinishedTus.add(upload);
        URI uri = tus.location(created);
        while (upload.acknowledgedOffset < size) {
            long offset = upload.acknowledgedOffset;
            long length = Math.min(TUS_CHUNK, size - offset);
            HttpResponse<String> patched = tus.patch(uri, offset, GeneratedFileClient.slice(seed, offset, length));
            if (patched.statusCode() != 204) {
                problems.add("tus PATCH at " + offset + " answered " + patched.statusCode() + ": " + patched.body());
                return;
            }
            upload.acknowledgedOffset = Long.parseLong(TusClient.header(patched, "Upload-Offset"));
            if (upload.acknowledgedOffset == size) {
                acknowledged.put(TusClient.header(patched, TusServlet.STORAGE_ID_HEADER), sha256);
                unfinishedTus.remove(upload);
            }
        }
    }

    /** Reads what the chunk-sink uploader started and what it stored before it was killed. */
    private void readChunkUploaderLog(int cycle) throws IOException {
        for (String line : Files.readAllLines(tmp.resolve("chunks-" + cycle + ".log"))) {
            String[] words = line.split(" ");
            if (words[0].equals("START") && words.length == 4) {
                long size = Long.parseLong(words[2]);
                sentSizes.put(GeneratedFileClient.sha256(Long.parseLong(words[3]), size), size);
                started.incrementAndGet();
            } else if (words[0].equals("STORED") && words.length == 4) {
                acknowledged.put(words[1], words[2]);
            } else if (!words[0].equals("START") && !words[0].equals("STORED")) {
                problems.add("the chunk-sink uploader said: " + line);
            }
        }
    }

    private void checkAfterRestart(ServerProcess server, int cycle) throws Exception {
        checkStagingReclaimed();
        GeneratedFileClient client = new GeneratedFileClient(server.httpUrl());
        verifyVisibleFiles(client);
        for (String name : acknowledged.keySet()) {
            if (!verified.containsKey(name)) {
                problems.add("acknowledged upload " + name + " is missing");
            }
        }
        resumeTusUploads(client.tus(), server);
        assertTrue(problems.isEmpty(), "after restart " + cycle + ": " + problems + "\n" + server.logTail());
    }

    /** The restarted server reclaimed the staging of the killed processes: only its own empty folder is left. */
    private void checkStagingReclaimed() throws IOException {
        Path staging = uploads.resolve(".stowage/staging");
        try (Stream<Path> entries = Files.walk(staging)) {
            List<String> left = entries.filter(Files::isRegularFile).map(p -> staging.relativize(p).toString())
                    .filter(p -> !p.endsWith("/.lock")).toList();
            if (!left.isEmpty()) {
                problems.add("staging was not reclaimed: " + left);
            }
        }
        try (Stream<Path> folders = Files.list(staging)) {
            long count = folders.count();
            if (count != 1) {
                problems.add(count + " staging folders after the restart, not the server's one");
            }
        }
    }

    /** Reads every visible file not verified yet back through the server and checks it is whole. */
    private void verifyVisibleFiles(GeneratedFileClient client) throws Exception {
        List<String> names;
        try (Stream<Path> files = Files.walk(uploads)) {
            names = files.filter(Files::isRegularFile).map(p -> uploads.relativize(p).toString().replace('\\', '/'))
                    .filter(name -> !name.startsWith(".stowage/") && !verified.containsKey(name)).toList();
        }
        for (String name : names) {
            GeneratedFileClient.Download file = client.download("/_upload/" + name, null);
            if (file.response().statusCode() != 200) {
                problems.add("visible file " + name + " answered " + file.response().statusCode());
                continue;
            }
            String recorded = file.etag();
            Long sent = sentSizes.get(file.sha256());
            if (!recorded.equals(file.sha256())) {
                problems.add(name + " records SHA-256 " + recorded + " but reads back as " + file.sha256());
            } else if (sent == null || sent != file.size()) {
                problems.add(name + " (" + file.size() + " bytes) is none of the files sent: torn or partial");
            } else if (!Optional.ofNullable(acknowledged.get(name)).orElse(recorded).equals(recorded)) {
                problems.add(name + " was acknowledged as " + acknowledged.get(name) + " but holds " + recorded);
            }
            verified.put(name, file.sha256());
        }
    }

    /** Every tus upload cut off by the kill is at least at its acknowledged offset, and completes from there. */
    private void resumeTusUploads(TusClient tus, ServerProcess server) throws IOException {
        List<TusUpload> cutOff = new ArrayList<>(unfinishedTus);
        unfinishedTus.clear();
        Set<String> storedShas = Set.copyOf(verified.values());
        for (TusUpload upload : cutOff) {
            URI uri = URI.create(server.httpUrl() + upload.path);
            HttpResponse<String> head = tus.head(uri);
            if (head.statusCode() != 200) {
                problems.add("tus upload " + upload.path + " answered HEAD with " + head.statusCode()
                        + " after the restart; " + upload.acknowledgedOffset + " bytes had been acknowledged");
                continue;
            }
            long offset = Long.parseLong(TusClient.header(head, "Upload-Offset"));
            if (offset < upload.acknowledgedOffset || offset > upload.size) {
                problems.add("tus upload " + upload.path + " resumes at " + offset + " of " + upload.size
                        + " after " + upload.acknowledgedOffset + " were acknowledged");
                continue;
            }
            Optional<String> completedAs = head.headers().firstValue(TusServlet.STORAGE_ID_HEADER);
            if (completedAs.isPresent()) { // completed by a PATCH whose answer the kill cut off
                String storageId = completedAs.get();
                if (!storedShas.contains(upload.sha256)) {
                    problems.add("tus upload " + upload.path + " reports completion as " + storageId
                            + " but no such file is visible");
                }
                acknowledged.put(storageId, upload.sha256);
                continue;
            }
            // all bytes may have arrived without the upload being completed: an empty PATCH completes it
            HttpResponse<String> rest = tus.patch(uri, offset,
                    GeneratedFileClient.slice(upload.seed, offset, upload.size - offset));
            if (rest.statusCode() != 204) {
                problems.add("finishing tus upload " + upload.path + " from " + offset + " answered "
                        + rest.statusCode() + ": " + rest.body());
                continue;
            }
            acknowledged.put(TusClient.header(rest, TusServlet.STORAGE_ID_HEADER), upload.sha256);
            tusResumed.incrementAndGet();
        }
    }
}
