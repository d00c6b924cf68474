package dev.stowage.http;

import static dev.stowage.http.TusClient.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.Storage;
import dev.stowage.testkit.StorageFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A tus upload outlives its server: begun on one server, it is taken up by a new server over a newly opened
 * backend, from the offset the new server reports.
 */
class TusRestartTest {
    private static final int SIZE = 3 * 1024 * 1024;

    @TempDir
    Path workDir;

    private static byte[] file() {
        byte[] bytes = new byte[SIZE];
        new SplittableRandom(7).nextBytes(bytes);
        return bytes;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stowage.http.TusBackends#all")
    void anUploadBegunBeforeARestartIsFinishedAfterIt(StorageFactory backend) throws Exception {
        byte[] file = file();
        String path;
        try (TestServer server = TestServer.serving(backend.open(workDir), Map.of())) {
            TusClient tus = new TusClient(server.tusEndpoint());
            URI upload = tus.location(tus.create(SIZE, ""));
            assertEquals(204, tus.patch(upload, 0, Arrays.copyOf(file, SIZE / 3)).statusCode());
            path = upload.getPath();
        }

        finishAfterRestart(backend, path, file, SIZE / 3, SIZE / 3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stowage.http.TusBackends#all")
    void aChunkBrokenOffBeforeARestartKeepsWhatArrived(StorageFactory backend) throws Exception {
        byte[] file = file();
        int brokenAt = SIZE / 2;
        String path;
        long offset;
        try (TestServer server = TestServer.serving(backend.open(workDir), Map.of())) {
            TusClient tus = new TusClient(server.tusEndpoint());
            URI upload = tus.location(tus.create(SIZE, ""));
            InputStream breaking = new InputStream() {
                private int position;

                @Override
                public int read() throws IOException {
                    if (position == brokenAt) {
                        throw new IOException("the client went away");
                    }
                    return file[position++] & 0xff;
                }
            };
            assertThrows(UncheckedIOException.class, () -> tus.patch(upload, 0, BodyPublishers.fromPublisher(
                    BodyPublishers.ofInputStream(() -> breaking), SIZE)));
            HttpResponse<String> head = headOnceIdle(tus, upload);
            offset = Long.parseLong(header(head, "Upload-Offset"));
            assertTrue(offset > 0 && offset <= brokenAt, "offset " + offset + " for " + brokenAt + " bytes sent");
            path = upload.getPath();
        }

        finishAfterRestart(backend, path, file, offset, offset);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stowage.http.TusBackends#all")
    void aChunkInFlightWhenTheServerStopsIsSuspendedNotAborted(StorageFactory backend) throws Exception {
        byte[] file = file();
        int sentBeforeStop = SIZE / 2;
        CountDownLatch halfSent = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        String path;
        // Stopping waits longer for requests than for a stalled body, so the request ends before the backend closes.
        TestServer server = TestServer.serving(backend.open(workDir), Map.of(StowageServer.SHUTDOWN_TIMEOUT, "10s"));
        Thread client;
        try {
            TusClient tus = new TusClient(server.tusEndpoint());
            URI upload = tus.location(tus.create(SIZE, ""));
            path = upload.getPath();
            InputStream stalling = new InputStream() {
                private int position;

                @Override
                public int read() throws IOException {
                    if (position == sentBeforeStop) {
                        halfSent.countDown();
                        awaitQuietly(stopped);
                        throw new IOException("the server stopped");
                    }
                    return file[position++] & 0xff;
                }
            };
            client = new Thread(() -> assertThrows(UncheckedIOException.class, () -> tus.patch(upload, 0,
                    BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> stalling), SIZE))));
            client.start();
            halfSent.await();
        } finally {
            server.close();
            stopped.countDown();
        }
        client.join();

        finishAfterRestart(backend, path, file, 0, sentBeforeStop);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stowage.http.TusBackends#all")
    void anUploadOlderThanItsTtlIsRemovedWhenTheServerStarts(StorageFactory backend) throws Exception {
        Map<String, String> shortTtl = Map.of(HttpSettings.UNFINISHED_UPLOAD_TTL, "1ms");
        try (TestServer server = TestServer.serving(backend.open(workDir), shortTtl)) {
            TusClient tus = new TusClient(server.tusEndpoint());
            assertEquals(201, tus.create(SIZE, "").statusCode());
        }

        try (TestServer server = TestServer.serving(backend.reopen(workDir), shortTtl)) {
            assertEquals(0, server.server.storage().dir().abortUnfinishedUploads(Duration.ZERO),
                    "the unfinished upload outlived the start-up sweep");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reopens the backend behind a new server, checks the upload at {@code path} is at an offset from
     * {@code minOffset} to {@code maxOffset}, and finishes it.
     */
    private void finishAfterRestart(StorageFactory backend, String path, byte[] file, long minOffset, long maxOffset)
            throws Exception {
        try (TestServer server = TestServer.serving(backend.reopen(workDir), Map.of())) {
            Storage storage = server.server.storage();
            TusClient tus = new TusClient(server.tusEndpoint());
            URI upload = server.uri(path);
            HttpResponse<String> head = tus.head(upload);
            assertEquals(200, head.statusCode(), head.body());
            long offset = Long.parseLong(header(head, "Upload-Offset"));
            assertTrue(offset >= minOffset && offset <= maxOffset, "offset " + offset);
            assertEquals(Integer.toString(SIZE), header(head, "Upload-Length"));

            HttpResponse<String> rest = tus.patch(upload, offset, Arrays.copyOfRange(file, (int) offset, SIZE));
            assertEquals(204, rest.statusCode(), rest.body());
            String storageId = header(rest, TusServlet.STORAGE_ID_HEADER);
            assertEquals(HexFormat.of().formatHex(TusClient.sha256(file)), storage.dir().stat(storageId).sha256());
            try (InputStream in = storage.dir().open(storageId)) {
                assertArrayEquals(file, in.readAllBytes());
            }
        }
    }

    /** HEAD of {@code upload} once the server has let go of it after the broken request. */
    private static HttpResponse<String> headOnceIdle(TusClient tus, URI upload) throws InterruptedException {
        for (int attempt = 0; attempt < 200; attempt++) {
            HttpResponse<String> head = tus.head(upload);
            if (head.statusCode() != 423) {
                assertEquals(200, head.statusCode(), head.body());
                return head;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the upload stayed busy after its request broke off");
    }
}
