package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.api.PresignedUpload;
import dev.stowage.api.UploadPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The size limit holds on every upload path over real HTTP, with and without {@code Content-Length}: a body
 * within the limit is stored with exactly its bytes, a body over it is refused with 413 and nothing of it stays (tus keeps a
 * chunk's bytes up to {@code Upload-Length}, never past it).
 * Multipart, signed PUT and tus go to the standalone server (limit {@value #LIMIT} bytes; Tus-Max-Size
 * {@value #LIMIT}), both for {@code Upload-Length} over the maximum and a body past it.
 */
class UploadLimitPropertyTest {
    private static final int LIMIT = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger NAMES = new AtomicInteger();

    private static Path tmp;
    private static TestServer server;
    private static TusClient tus;

    /** How the body is sent. */
    enum Route {
        MULTIPART, SIGNED_PUT, SIGNED_PUT_CHUNKED, TUS, TUS_CHUNKED
    }

    @BeforeContainer
    static void start() throws Exception {
        tmp = Files.createTempDirectory("stowage-limits");
        server = TestServer.start(tmp.resolve("uploads"), Map.of(HttpSettings.MAX_FILE_SIZE, Integer.toString(LIMIT)));
        tus = new TusClient(server.tusEndpoint());
    }

    @AfterContainer
    static void stop() throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(tmp)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    @Property(tries = 150)
    void aBodyWithinTheLimitIsStoredExactlyAndOneOverItIsRefused(@ForAll Route route,
            @ForAll @IntRange(max = 2 * LIMIT) int size, @ForAll @IntRange(max = 2 * LIMIT) int declared,
            @ForAll long seed) throws IOException {
        byte[] body = new byte[size];
        new Random(seed).nextBytes(body);
        switch (route) {
            case MULTIPART -> multipart(body);
            case SIGNED_PUT, SIGNED_PUT_CHUNKED -> signedPut(body, declared, route == Route.SIGNED_PUT_CHUNKED);
            default -> tus(body, declared, route == Route.TUS_CHUNKED);
        }
    }

    private static void multipart(byte[] body) throws IOException {
        MultipartBody form = new MultipartBody().file("files", "f.bin", null, body);
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/_upload"))
                .header("Content-Type", form.contentType()).POST(form.publisher()));
        if (body.length <= LIMIT) {
            assertEquals(201, r.statusCode(), r.body());
            assertArrayEquals(body, server.sendForBytes(HttpRequest.newBuilder(server.uri(
                    JSON.readTree(r.body()).get("files").get(0).get("url").asText()))).body());
        } else {
            assertEquals(413, r.statusCode(), r.body());
        }
    }

    /** A signed PUT whose policy allows {@code maxSize} bytes. */
    private static void signedPut(byte[] body, int maxSize, boolean chunked) {
        String name = "put-" + NAMES.incrementAndGet() + ".bin";
        PresignedUpload upload = server.server.storage().urls().presignUpload(name,
                UploadPolicy.builder().maxSize(maxSize).build());
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri(upload.url().toString()))
                .PUT(publisher(body, chunked)));
        if (body.length <= maxSize) {
            assertEquals(201, r.statusCode(), r.body());
            assertArrayEquals(body, server.sendForBytes(HttpRequest.newBuilder(server.uri("/_upload/" + name))).body());
        } else {
            assertEquals(413, r.statusCode(), r.body());
            assertFalse(server.server.storage().dir().exists(name), name);
        }
    }

    /** A tus upload of {@code length} declared bytes, sent {@code body} in one PATCH. */
    private static void tus(byte[] body, int length, boolean chunked) {
        HttpResponse<String> created = tus.create(length, "");
        if (length > LIMIT) {
            assertEquals(413, created.statusCode(), created.body());
            return;
        }
        assertEquals(201, created.statusCode(), created.body());
        URI upload = tus.location(created);
        HttpResponse<String> patched = tus.patch(upload, 0, publisher(body, chunked));
        if (body.length <= length) {
            assertEquals(204, patched.statusCode(), patched.body());
            assertEquals(Integer.toString(body.length), TusClient.header(patched, "Upload-Offset"));
        } else {
            // an upload of length 0 is complete once created, so it takes no bytes at all
            assertEquals(length == 0 ? 409 : 413, patched.statusCode(), patched.body());
        }
        long offset = Long.parseLong(TusClient.header(tus.head(upload), "Upload-Offset"));
        assertEquals(body.length <= length ? body.length : offset, offset);
        assertTrue(offset <= length, "never more than Upload-Length: " + offset);
        if (body.length == length) {
            String name = TusClient.header(patched, TusServlet.STORAGE_ID_HEADER);
            assertArrayEquals(body, server.sendForBytes(HttpRequest.newBuilder(server.uri("/_upload/" + name))).body());
        }
    }

    private static BodyPublisher publisher(byte[] body, boolean chunked) {
        return chunked ? BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : BodyPublishers.ofByteArray(body);
    }
}
