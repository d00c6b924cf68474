package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.api.PresignedUpload;
import dev.stowage.api.UploadMethod;
import dev.stowage.api.UploadPolicy;
import dev.stowage.local.LocalStorage;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local presigned-upload round trip: URLs minted by {@link LocalStorage}, bodies sent over HTTP with PUT and
 * POST, and every way a URL or a body can be wrong.
 */
class SignedUploadTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] BODY = "signed upload body".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path tmp;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(tmp.resolve("uploads"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static PresignedUpload presign(String name, UploadPolicy policy) {
        return server.server.storage().urls().presignUpload(name, policy);
    }

    static HttpResponse<String> send(PresignedUpload upload, String url, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(url))
                .method(upload.httpMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        upload.headers().forEach(request::header);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return server.send(request);
    }

    static HttpResponse<String> send(PresignedUpload upload, byte[] body, String... headers) {
        return send(upload, upload.url().toString(), body, headers);
    }

    @Test
    void putStoresTheBodyOnceUnderTheSignedName() throws IOException {
        PresignedUpload upload = presign("avatars/ada.txt", UploadPolicy.builder().contentType("text/plain")
                .maxSize(100).build());
        HttpResponse<String> r = send(upload, BODY);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode json = JSON.readTree(r.body());
        assertEquals("avatars/ada.txt", json.get("storageId").asText());
        assertEquals(BODY.length, json.get("size").asLong());
        assertEquals(MultipartUploadTest.sha256(BODY), json.get("sha256").asText());
        assertEquals("signed upload body", server.get("/_upload/avatars/ada.txt").body());
        HttpResponse<String> again = send(upload, "other".getBytes(StandardCharsets.UTF_8));
        assertEquals(409, again.statusCode(), again.body());
        assertEquals("already_exists", JSON.readTree(again.body()).get("error").asText());
        assertEquals("signed upload body", server.get("/_upload/avatars/ada.txt").body());
    }

    @Test
    void postWorksForPostUrlsAndNewStorageIds() throws IOException {
        PresignedUpload upload = server.server.storage().urls().presignUploadNew(UploadPolicy.builder()
                .method(UploadMethod.POST).build());
        HttpResponse<String> r = send(upload, BODY, "Content-Type", "application/octet-stream");
        assertEquals(201, r.statusCode(), r.body());
        assertEquals(upload.storageId(), JSON.readTree(r.body()).get("storageId").asText());
        HttpResponse<String> asPut = server.send(HttpRequest.newBuilder(server.uri(upload.url().toString()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(BODY)));
        assertEquals(403, asPut.statusCode());
        assertEquals("wrong_method", JSON.readTree(asPut.body()).get("error").asText());
    }

    @Test
    void tamperedUrlsAre403() throws IOException {
        PresignedUpload upload = presign("tamper.txt", UploadPolicy.builder().maxSize(10).build());
        String url = upload.url().toString();
        for (String forged : new String[] {url.replace("tamper.txt", "other.txt"),
                url.replace("X-Stowage-Max-Size=10", "X-Stowage-Max-Size=99999"),
                url.substring(0, url.indexOf("&X-Stowage-Signature")), changedFirstSignatureDigit(url),
                url + "&X-Stowage-Max-Size=5"}) {
            HttpResponse<String> r = send(upload, forged, new byte[] {1});
            assertEquals(403, r.statusCode(), forged + " " + r.body());
            assertEquals("bad_signature", JSON.readTree(r.body()).get("error").asText(), forged);
        }
        assertFalse(server.server.storage().dir().exists("tamper.txt"));
        assertFalse(server.server.storage().dir().exists("other.txt"));
    }

    /** {@code url} with the signature's first hex digit replaced by another (a fixed digit is a no-op one time in 16). */
    private static String changedFirstSignatureDigit(String url) {
        int at = url.indexOf("X-Stowage-Signature=") + "X-Stowage-Signature=".length();
        char changed = url.charAt(at) == '0' ? '1' : '0';
        return url.substring(0, at) + changed + url.substring(at + 1);
    }

    @Test
    void noSignatureAtAllIs403() {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/_upload/plain.txt"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(BODY)));
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("X-Stowage-Signature is missing"), r.body());
    }

    @Test
    void expiredUrlsAre403() throws IOException {
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        try (LocalStorage earlier = LocalStorage.builder(tmp.resolve("uploads")).clock(past).open()) {
            PresignedUpload upload = earlier.urls().presignUpload("late.txt", UploadPolicy.defaults());
            HttpResponse<String> r = send(upload, BODY);
            assertEquals(403, r.statusCode(), r.body());
            assertEquals("expired", JSON.readTree(r.body()).get("error").asText());
        }
        assertFalse(server.server.storage().dir().exists("late.txt"));
    }

    @Test
    void wrongContentTypeIs415() throws IOException {
        PresignedUpload exact = presign("typed.png", UploadPolicy.builder().contentType("image/png").build());
        HttpResponse<String> r = send(exact, exact.url().toString(), BODY);
        assertEquals(201, r.statusCode(), r.body());
        PresignedUpload wildcard = presign("typed2.png", UploadPolicy.builder().allowedContentTypes("image/*").build());
        HttpResponse<String> refused = send(wildcard, BODY, "Content-Type", "text/html");
        assertEquals(415, refused.statusCode(), refused.body());
        assertEquals("content_type_not_allowed", JSON.readTree(refused.body()).get("error").asText());
        HttpResponse<String> none = send(wildcard, BODY);
        assertEquals(415, none.statusCode(), none.body());
        assertFalse(server.server.storage().dir().exists("typed2.png"));
    }

    @Test
    void oversizeBodiesAre413() throws IOException {
        PresignedUpload upload = presign("big.bin", UploadPolicy.builder().maxSize(10).build());
        HttpResponse<String> r = send(upload, new byte[11]);
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(r.body().contains("10 bytes"), r.body());
        HttpResponse<String> chunked = server.send(HttpRequest.newBuilder(server.uri(upload.url().toString()))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[50]))));
        assertEquals(413, chunked.statusCode(), chunked.body());
        assertFalse(server.server.storage().dir().exists("big.bin"));
        assertEquals(201, send(upload, new byte[10]).statusCode());
    }

    @Test
    void digestsAreEnforced() throws IOException {
        byte[] sha = HexFormat.of().parseHex(MultipartUploadTest.sha256(BODY));
        String base64 = Base64.getEncoder().encodeToString(sha);
        String wrong = Base64.getEncoder().encodeToString(new byte[32]);
        assertEquals(201, send(presign("d1.txt", UploadPolicy.defaults()), BODY,
                "Content-Digest", "sha-256=:" + base64 + ":").statusCode());
        assertEquals(201, send(presign("d2.txt", UploadPolicy.defaults()), BODY, "Digest", "SHA-256=" + base64)
                .statusCode());
        HttpResponse<String> mismatch = send(presign("d3.txt", UploadPolicy.defaults()), BODY,
                "Content-Digest", "sha-256=:" + wrong + ":");
        assertEquals(400, mismatch.statusCode());
        assertEquals("integrity_mismatch", JSON.readTree(mismatch.body()).get("error").asText());
        HttpResponse<String> malformed = send(presign("d4.txt", UploadPolicy.defaults()), BODY,
                "Content-Digest", "sha-256=nocolons");
        assertEquals(400, malformed.statusCode());
        assertEquals("bad_digest", JSON.readTree(malformed.body()).get("error").asText());
        PresignedUpload pinned = presign("d5.txt", UploadPolicy.builder().sha256(MultipartUploadTest.sha256(BODY))
                .build());
        assertEquals(400, send(pinned, "tampered".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(201, send(pinned, BODY).statusCode());
        for (String name : new String[] {"d3.txt", "d4.txt"}) {
            assertFalse(server.server.storage().dir().exists(name), name);
        }
    }

    @Test
    void uploadUrlEndpointMintsUrlsThatWork() throws IOException {
        HttpResponse<String> minted = server.send(HttpRequest.newBuilder(server.uri(StowageServlets.UPLOAD_URL_PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"contentType\":\"text/plain\",\"maxSize\":100}")));
        assertEquals(200, minted.statusCode(), minted.body());
        JsonNode json = JSON.readTree(minted.body());
        assertEquals("PUT", json.get("method").asText());
        HttpResponse<String> put = server.send(HttpRequest.newBuilder(server.uri(json.get("url").asText()))
                .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofByteArray(BODY)));
        assertEquals(201, put.statusCode(), put.body());
        assertEquals(json.get("storageId").asText(), JSON.readTree(put.body()).get("storageId").asText());
        HttpResponse<String> bad = server.send(HttpRequest.newBuilder(server.uri(StowageServlets.UPLOAD_URL_PATH))
                .POST(HttpRequest.BodyPublishers.ofString("{\"maxSize\": -5}")));
        assertEquals(400, bad.statusCode());
        HttpResponse<String> notJson = server.send(HttpRequest.newBuilder(server.uri(StowageServlets.UPLOAD_URL_PATH))
                .POST(HttpRequest.BodyPublishers.ofString("{nope")));
        assertEquals(400, notJson.statusCode());
        assertEquals("bad_json", JSON.readTree(notJson.body()).get("error").asText());
    }

    @Test
    void uploadUrlEndpointIsOffWhenConfiguredSo() {
        try (TestServer off = TestServer.start(tmp.resolve("off"), Map.of(HttpSettings.UPLOAD_URL_ENDPOINT, "false"))) {
            HttpResponse<String> r = off.send(HttpRequest.newBuilder(off.uri(StowageServlets.UPLOAD_URL_PATH))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertEquals(404, r.statusCode());
            assertTrue(r.body().contains(HttpSettings.UPLOAD_URL_ENDPOINT), r.body());
        }
    }
}
