package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CORS over real HTTP: configured origins only, preflights with the upload and tus headers. */
class CorsTest {
    static final String ALLOWED = "https://app.example.com";

    @TempDir
    static Path tmp;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(tmp.resolve("uploads"), Map.of(HttpSettings.CORS_ORIGINS,
                ALLOWED + ", http://localhost:3000", HttpSettings.CORS_MAX_AGE, "10m"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> preflight(String path, String origin, String method, String headers) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Origin", origin)
                .header("Access-Control-Request-Method", method).header("Access-Control-Request-Headers", headers)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    void preflightFromAnAllowedOriginListsMethodsHeadersAndMaxAge() {
        for (String path : List.of("/_upload", "/_upload/a.txt", StowageServlets.UPLOAD_URL_PATH, "/_stowage/tus/")) {
            HttpResponse<String> r = preflight(path, ALLOWED, "PATCH", "content-type,upload-offset,tus-resumable");
            assertEquals(204, r.statusCode(), path);
            assertEquals(ALLOWED, header(r, "Access-Control-Allow-Origin"), path);
            assertEquals("600", header(r, "Access-Control-Max-Age"));
            assertTrue(r.headers().allValues("Vary").contains("Origin"));
            String methods = header(r, "Access-Control-Allow-Methods");
            for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
                assertTrue(methods.contains(method), methods);
            }
            String allowed = header(r, "Access-Control-Allow-Headers");
            for (String h : List.of("Content-Type", "Digest", "Content-Digest", "Tus-Resumable", "Upload-Length",
                    "Upload-Offset", "Upload-Metadata", "Upload-Checksum", "Upload-Defer-Length", "Upload-Concat",
                    "X-HTTP-Method-Override", "X-Requested-With")) {
                assertTrue(allowed.contains(h), h + " in " + allowed);
            }
        }
    }

    @Test
    void preflightFromAnyOtherOriginIsRefusedWithoutCorsHeaders() {
        HttpResponse<String> r = preflight("/_upload", "https://evil.example", "POST", "content-type");
        assertEquals(403, r.statusCode());
        assertEquals(Optional.empty(), r.headers().firstValue("Access-Control-Allow-Origin"));
        assertTrue(r.body().contains("evil.example"), r.body());
    }

    @Test
    void simpleRequestsExposeTheTusAndUploadHeadersToAllowedOriginsOnly() {
        server.server.storage().dir().save("c.txt", new java.io.ByteArrayInputStream(new byte[] {'c'}));
        HttpResponse<String> allowed = server.send(HttpRequest.newBuilder(server.uri("/_upload/c.txt"))
                .header("Origin", "http://localhost:3000"));
        assertEquals(200, allowed.statusCode());
        assertEquals("http://localhost:3000", header(allowed, "Access-Control-Allow-Origin"));
        String exposed = header(allowed, "Access-Control-Expose-Headers");
        for (String h : List.of("Location", "Upload-Offset", "Upload-Length", "Tus-Version", "Tus-Resumable",
                "Tus-Max-Size", "Tus-Extension", "Tus-Checksum-Algorithm", "Upload-Expires",
                TusServlet.STORAGE_ID_HEADER)) {
            assertTrue(exposed.contains(h), h + " in " + exposed);
        }
        assertTrue(allowed.headers().allValues("Vary").contains("Origin"));
        HttpResponse<String> other = server.send(HttpRequest.newBuilder(server.uri("/_upload/c.txt"))
                .header("Origin", "https://evil.example"));
        assertEquals(200, other.statusCode());
        assertEquals(Optional.empty(), other.headers().firstValue("Access-Control-Allow-Origin"));
        assertTrue(other.headers().allValues("Vary").contains("Origin"));
    }

    @Test
    void aBrowserFromAnAllowedOriginUploadsThroughTus() throws Exception {
        HttpResponse<String> preflight = preflight(StowageServlets.TUS_PATH, ALLOWED, "POST",
                "tus-resumable,upload-length,upload-metadata");
        assertEquals(204, preflight.statusCode());
        assertEquals(ALLOWED, header(preflight, "Access-Control-Allow-Origin"));

        TusClient tus = new TusClient(server.tusEndpoint());
        HttpResponse<String> created = tus.send(TusClient.request(server.tusEndpoint()).header("Origin", ALLOWED)
                .header("Upload-Length", "5").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(ALLOWED, header(created, "Access-Control-Allow-Origin"));
        assertTrue(header(created, "Access-Control-Expose-Headers").contains("Location"));
        byte[] bytes = "cross".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        HttpResponse<String> patched = tus.send(TusClient.patchRequest(tus.location(created), 0,
                HttpRequest.BodyPublishers.ofByteArray(bytes)).header("Origin", ALLOWED));
        assertEquals(204, patched.statusCode(), patched.body());
        assertEquals(ALLOWED, header(patched, "Access-Control-Allow-Origin"));
        try (var in = server.server.storage().dir().open(header(patched, TusServlet.STORAGE_ID_HEADER))) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " in " + r.headers()));
    }
}
