package dev.stowage.http;

import static dev.stowage.http.TusClient.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.ChunkSink;
import dev.stowage.api.Storage;
import dev.stowage.api.StoredFile;
import dev.stowage.testkit.StorageFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The tus 1.0 endpoint over real HTTP: every request of the protocol, and every way of getting one wrong. */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.stowage.http.TusBackends#all")
class TusProtocolTest {
    private static final long MAX_SIZE = 64 * 1024;

    @Parameter
    StorageFactory backend;
    @TempDir
    Path workDir;
    private Storage storage;
    private TestServer server;
    private TusClient tus;

    @BeforeEach
    void start() throws Exception {
        storage = backend.open(workDir);
        server = TestServer.serving(storage, Map.of(HttpSettings.MAX_FILE_SIZE, Long.toString(MAX_SIZE)));
        tus = new TusClient(server.tusEndpoint());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        new SplittableRandom(length).nextBytes(bytes);
        return bytes;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private URI created(long length) {
        HttpResponse<String> created = tus.create(length, "");
        assertEquals(201, created.statusCode(), created.body());
        return tus.location(created);
    }

    private long offset(URI upload) {
        HttpResponse<String> head = tus.head(upload);
        assertEquals(200, head.statusCode());
        return Long.parseLong(header(head, "Upload-Offset"));
    }

    /** Asserts {@code response} has {@code status} and a body saying {@code reason}. */
    private static void assertRefused(HttpResponse<String> response, int status, String reason) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().contains(reason), response.body());
    }

    private byte[] stored(String storageId) throws Exception {
        try (InputStream in = storage.dir().open(storageId)) {
            return in.readAllBytes();
        }
    }

    @Test
    void optionsAdvertiseTheVersionExtensionsAndLimits() throws Exception {
        HttpResponse<String> options = tus.send(java.net.http.HttpRequest.newBuilder(server.tusEndpoint())
                .method("OPTIONS", BodyPublishers.noBody()));

        assertEquals(204, options.statusCode());
        assertEquals("1.0.0", header(options, "Tus-Resumable"));
        assertEquals("1.0.0", header(options, "Tus-Version"));
        assertEquals("creation,creation-with-upload,termination,checksum,expiration",
                header(options, "Tus-Extension"));
        assertEquals("sha256", header(options, "Tus-Checksum-Algorithm"));
        assertEquals(Long.toString(MAX_SIZE), header(options, "Tus-Max-Size"));
    }

    @Test
    void anUploadInSeveralChunksIsStoredWhole() throws Exception {
        byte[] file = bytes(50_000);
        HttpResponse<String> created = tus.create(file.length,
                "filename " + base64("notes été.txt") + ",filetype " + base64("text/plain") + ",public");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("1.0.0", header(created, "Tus-Resumable"));
        Instant expires = ZonedDateTime.parse(header(created, "Upload-Expires"), DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant();
        assertTrue(expires.isAfter(Instant.now().plus(Duration.ofHours(23))), expires.toString());
        URI upload = tus.location(created);

        HttpResponse<String> head = tus.head(upload);
        assertEquals(200, head.statusCode());
        assertEquals("0", header(head, "Upload-Offset"));
        assertEquals(Integer.toString(file.length), header(head, "Upload-Length"));
        assertEquals("no-store", header(head, "Cache-Control"));

        int[] ends = {20_000, 40_000, file.length};
        int start = 0;
        HttpResponse<String> patched = null;
        for (int end : ends) {
            patched = tus.patch(upload, start, Arrays.copyOfRange(file, start, end));
            assertEquals(204, patched.statusCode(), patched.body());
            assertEquals(Integer.toString(end), header(patched, "Upload-Offset"));
            start = end;
            if (end < file.length) {
                assertEquals(end, offset(upload));
                assertTrue(patched.headers().firstValue(TusServlet.STORAGE_ID_HEADER).isEmpty());
            }
        }

        String storageId = header(patched, TusServlet.STORAGE_ID_HEADER);
        StoredFile stored = storage.dir().stat(storageId);
        assertEquals(file.length, stored.size());
        assertEquals("notes été.txt", stored.originalFilename());
        assertEquals("text/plain", stored.contentType());
        assertEquals(HexFormat.of().formatHex(TusClient.sha256(file)), stored.sha256());
        assertArrayEquals(file, stored(storageId));
        HttpResponse<String> afterwards = tus.head(upload);
        assertEquals(200, afterwards.statusCode());
        assertEquals(Integer.toString(file.length), header(afterwards, "Upload-Offset"));
        assertEquals(storageId, header(afterwards, TusServlet.STORAGE_ID_HEADER));
    }

    @Test
    void creationWithUploadTakesTheFirstChunk() throws Exception {
        byte[] file = bytes(30_000);
        HttpResponse<String> created = tus.send(TusClient.request(server.tusEndpoint())
                .header("Upload-Length", Integer.toString(file.length))
                .header("Content-Type", TusClient.OFFSET_OCTET_STREAM)
                .POST(BodyPublishers.ofByteArray(Arrays.copyOf(file, 10_000))));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("10000", header(created, "Upload-Offset"));
        URI upload = tus.location(created);
        assertEquals(10_000, offset(upload));

        HttpResponse<String> rest = tus.patch(upload, 10_000, Arrays.copyOfRange(file, 10_000, file.length));
        assertEquals(204, rest.statusCode(), rest.body());
        assertArrayEquals(file, stored(header(rest, TusServlet.STORAGE_ID_HEADER)));

        HttpResponse<String> whole = tus.send(TusClient.request(server.tusEndpoint())
                .header("Upload-Length", Integer.toString(file.length))
                .header("Content-Type", TusClient.OFFSET_OCTET_STREAM).POST(BodyPublishers.ofByteArray(file)));
        assertEquals(201, whole.statusCode(), whole.body());
        assertArrayEquals(file, stored(header(whole, TusServlet.STORAGE_ID_HEADER)));
    }

    @Test
    void anEmptyUploadIsStoredAtCreation() throws Exception {
        HttpResponse<String> created = tus.create(0, "filename " + base64("empty.bin"));

        assertEquals(201, created.statusCode(), created.body());
        assertEquals(0, storage.dir().stat(header(created, TusServlet.STORAGE_ID_HEADER)).size());
    }

    @Test
    void aWrongOffsetIsAConflict() throws Exception {
        URI upload = created(100);
        assertEquals(204, tus.patch(upload, 0, bytes(40)).statusCode());

        HttpResponse<String> behind = tus.patch(upload, 10, bytes(10));
        HttpResponse<String> ahead = tus.patch(upload, 60, bytes(10));

        assertRefused(behind, 409, "Upload-Offset 10 is not the upload's offset 40");
        assertEquals(409, ahead.statusCode());
        assertEquals(40, offset(upload));
    }

    @Test
    void aChecksumMismatchCountsNothing() throws Exception {
        byte[] file = bytes(5_000);
        URI upload = created(file.length);
        byte[] first = Arrays.copyOf(file, 3_000);

        HttpResponse<String> mismatch = tus.patchWithChecksum(upload, 0, first, bytes(3_000));
        assertRefused(mismatch, 460, "Upload-Checksum");
        assertEquals(0, offset(upload));

        HttpResponse<String> match = tus.patchWithChecksum(upload, 0, first, first);
        assertEquals(204, match.statusCode(), match.body());
        assertEquals("3000", header(match, "Upload-Offset"));
        byte[] rest = Arrays.copyOfRange(file, 3_000, file.length);
        HttpResponse<String> last = tus.patchWithChecksum(upload, 3_000, rest, rest);
        assertEquals(204, last.statusCode(), last.body());
        assertArrayEquals(file, stored(header(last, TusServlet.STORAGE_ID_HEADER)));
    }

    @Test
    void aBadChecksumHeaderIsRefused() throws Exception {
        URI upload = created(10);
        for (String checksum : new String[] {"md5 " + base64("0123456789abcdef"), "sha256 not*base64", "sha256",
                "sha256 " + base64("too short")}) {
            HttpResponse<String> refused = tus.send(TusClient.patchRequest(upload, 0, BodyPublishers.ofByteArray(
                    bytes(10))).header("Upload-Checksum", checksum));
            assertRefused(refused, 400, "Upload-Checksum");
        }
        assertEquals(0, offset(upload));
    }

    @Test
    void anUploadLargerThanTheLimitIsRefused() throws Exception {
        HttpResponse<String> tooLarge = tus.create(MAX_SIZE + 1, "");
        assertRefused(tooLarge, 413, "Tus-Max-Size");

        URI upload = created(100);
        HttpResponse<String> pastTheEnd = tus.patch(upload, 0, bytes(101));
        assertRefused(pastTheEnd, 413, "reaches past Upload-Length 100");
        assertEquals(0, offset(upload));
        assertEquals(0, storage.dir().list("").count());
    }

    @Test
    void aBodyGoingOnPastTheLengthStopsThere() throws Exception {
        URI upload = created(100);
        // a body of unknown length (chunked), so only reading it shows it is too long
        HttpResponse<String> pastTheEnd = patchChunked(upload, bytes(150));

        assertRefused(pastTheEnd, 413, "goes on past Upload-Length 100");
        assertEquals(0, storage.dir().list("").count());
    }

    @Test
    void aCompleteUploadTakesNoMoreBytesSentChunked() throws Exception {
        URI upload = created(0);
        assertRefused(patchChunked(upload, bytes(1)), 409, "it takes no more bytes");
    }

    /** A PATCH at offset 0 whose body has no Content-Length (chunked). */
    private HttpResponse<String> patchChunked(URI upload, byte[] chunk) {
        return tus.patch(upload, 0, BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(chunk)));
    }

    @Test
    void terminationRemovesEverything() throws Exception {
        URI upload = created(100);
        assertEquals(204, tus.patch(upload, 0, bytes(60)).statusCode());

        HttpResponse<String> deleted = tus.delete(upload);

        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals(404, tus.head(upload).statusCode());
        assertEquals(404, tus.patch(upload, 60, bytes(40)).statusCode());
        assertEquals(404, tus.delete(upload).statusCode());
        assertEquals(0, storage.dir().list("").count());
        assertEquals(0, storage.dir().abortUnfinishedUploads(Duration.ZERO));
    }

    @Test
    void unknownAndHostileUploadsAreNotFound() throws Exception {
        String real = tus.location(tus.create(10, "")).getPath();
        String segment = real.substring(real.lastIndexOf('/') + 1);
        String[] parts = segment.split("\\.");
        String unknownId = "0000000000000000000000000a";
        for (String path : new String[] {
                unknownId + "." + parts[1] + ".10." + parts[3],
                parts[0].toUpperCase() + "." + parts[1] + ".10." + parts[3],
                parts[0] + "." + parts[1] + ".10",
                parts[0],
                segment + "/more",
                "..%2F..%2Fetc%2Fpasswd",
                "%2e%2e",
                segment + "%00",
                "x".repeat(300)}) {
            URI hostile = server.uri(server.tusEndpoint().getPath() + "/" + path);
            // a client per path: Jetty closes the connection after refusing an ambiguous path
            TusClient fresh = new TusClient(server.tusEndpoint());
            HttpResponse<String> head = fresh.head(hostile);
            assertTrue(head.statusCode() == 404 || head.statusCode() == 400, path + " gave " + head.statusCode());
            HttpResponse<String> patch = new TusClient(server.tusEndpoint()).patch(hostile, 0, bytes(10));
            assertTrue(patch.statusCode() == 404 || patch.statusCode() == 400, path + " gave " + patch.statusCode());
        }
        assertEquals(404, tus.head(server.uri(real.replace(parts[0], unknownId))).statusCode());
        assertEquals(0, offset(server.uri(real)));
    }

    @Test
    void anotherTusVersionIsAPreconditionFailure() throws Exception {
        HttpResponse<String> old = tus.send(java.net.http.HttpRequest.newBuilder(server.tusEndpoint())
                .header("Tus-Resumable", "0.2.2").header("Upload-Length", "10").POST(BodyPublishers.noBody()));
        HttpResponse<String> none = tus.send(java.net.http.HttpRequest.newBuilder(server.tusEndpoint())
                .header("Upload-Length", "10").POST(BodyPublishers.noBody()));

        assertEquals(412, old.statusCode());
        assertEquals("1.0.0", header(old, "Tus-Version"));
        assertTrue(old.body().contains("Tus-Resumable 0.2.2 is not supported"), old.body());
        assertRefused(none, 412, "Tus-Resumable header is missing");
        assertEquals(0, storage.dir().abortUnfinishedUploads(Duration.ZERO));
    }

    @Test
    void badCreationsNameWhatWasWrong() throws Exception {
        HttpResponse<String> noLength = tus.send(TusClient.request(server.tusEndpoint()).POST(BodyPublishers.noBody()));
        HttpResponse<String> deferred = tus.send(TusClient.request(server.tusEndpoint())
                .header("Upload-Defer-Length", "1").POST(BodyPublishers.noBody()));
        HttpResponse<String> badMetadata = tus.create(10, "filename not*base64");
        HttpResponse<String> badType = tus.create(10, "filetype " + base64("not a type"));

        assertRefused(noLength, 400, "Upload-Length must be a number of bytes");
        assertRefused(deferred, 400, "Upload-Defer-Length");
        assertRefused(badMetadata, 400, "'filename' is not Base64");
        assertRefused(badType, 400, "filetype");
        assertEquals(0, storage.dir().abortUnfinishedUploads(Duration.ZERO));
    }

    @Test
    void aPatchNeedsTheOffsetContentType() throws Exception {
        URI upload = created(10);

        HttpResponse<String> plain = tus.send(TusClient.request(upload).header("Upload-Offset", "0")
                .header("Content-Type", "application/octet-stream").method("PATCH", BodyPublishers.ofByteArray(
                        bytes(10))));

        assertEquals(415, plain.statusCode());
        assertEquals(0, offset(upload));
    }

    @Test
    void methodOverrideCarriesPatchAndDeleteOverPost() throws Exception {
        URI upload = created(100);

        HttpResponse<String> patched = tus.send(TusClient.request(upload).header("X-HTTP-Method-Override", "PATCH")
                .header("Upload-Offset", "0").header("Content-Type", TusClient.OFFSET_OCTET_STREAM)
                .POST(BodyPublishers.ofByteArray(bytes(30))));
        assertEquals(204, patched.statusCode(), patched.body());
        assertEquals(30, offset(upload));

        HttpResponse<String> deleted = tus.send(TusClient.request(upload).header("X-HTTP-Method-Override", "DELETE")
                .POST(BodyPublishers.noBody()));
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals(404, tus.head(upload).statusCode());
    }

    @Test
    void anUploadBusyElsewhereIsLocked() throws Exception {
        URI upload = created(100);
        String segment = upload.getPath().substring(upload.getPath().lastIndexOf('/') + 1);
        ChunkSink elsewhere = storage.dir().resumeChunkSink(segment.substring(0, segment.indexOf('.')));

        HttpResponse<String> locked = tus.patch(upload, 0, bytes(10));
        assertRefused(locked, 423, "busy with another request");
        elsewhere.suspend();

        assertEquals(204, tus.patch(upload, 0, bytes(10)).statusCode());
    }

    @Test
    void anExpiredUploadIsGone() throws Exception {
        URI upload = created(100);
        String path = upload.getPath();
        URI expired = server.uri(path.substring(0, path.lastIndexOf('.')) + ".1");

        HttpResponse<String> gone = tus.head(expired);

        assertEquals(410, gone.statusCode());
        assertEquals(404, tus.head(upload).statusCode());
        assertEquals(0, storage.dir().abortUnfinishedUploads(Duration.ZERO));
    }

    @Test
    void aCompletedUploadTakesNothingMore() throws Exception {
        URI upload = created(10);
        HttpResponse<String> done = tus.patch(upload, 0, bytes(10));
        String storageId = header(done, TusServlet.STORAGE_ID_HEADER);

        HttpResponse<String> again = tus.patch(upload, 10, new byte[0]);
        HttpResponse<String> more = tus.patch(upload, 0, bytes(10));
        HttpResponse<String> delete = tus.delete(upload);

        assertEquals(204, again.statusCode());
        assertEquals(storageId, header(again, TusServlet.STORAGE_ID_HEADER));
        assertEquals(409, more.statusCode());
        assertEquals(409, delete.statusCode());
        assertEquals(1, storage.dir().list("").count());
    }
}
