package dev.stowage.gcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.NoCredentials;
import dev.stowage.api.ConfigurationException;
import dev.stowage.api.ContentDisposition;
import dev.stowage.api.PresignedUpload;
import dev.stowage.api.Storage;
import dev.stowage.api.StoredFile;
import dev.stowage.api.Stowage;
import dev.stowage.api.UploadMethod;
import dev.stowage.api.UploadPolicy;
import dev.stowage.api.spi.PercentEncoding;
import java.io.ByteArrayOutputStream;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every URL the backend signs passes the offline V4 verifier with the signer's public key and fails it once
 * expired or tampered with; the same URLs and forms, sent with a plain HTTP client, move bytes through
 * fake-gcs-server (which does not check signatures itself). The backend is opened from configuration keys.
 */
class GcsSignedUrlTest {
    @RegisterExtension
    static final FakeGcsServer SERVER = new FakeGcsServer();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final V4SignatureVerifier VERIFIER = new V4SignatureVerifier(TestServiceAccount.publicKey());

    @TempDir
    Path workDir;
    private Storage storage;

    @BeforeEach
    void open() {
        storage = Stowage.open(Map.of("stowage.backend", "gcs", "stowage.gcs.bucket", FakeGcsServer.BUCKET,
                "stowage.gcs.prefix", "signed-" + UUID.randomUUID(), "stowage.gcs.host", SERVER.url(),
                "stowage.gcs.project-id", "stowage-test", "stowage.gcs.anonymous", "true",
                "stowage.gcs.credentials-file", TestServiceAccount.keyFile(workDir).toString()));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void aSignedPutStoresTheFileAndItsSignatureHoldsOnlyAsSigned() throws Exception {
        UploadPolicy policy = UploadPolicy.builder().method(UploadMethod.PUT).contentType("image/png")
                .maxSize(100_000).expiry(Duration.ofMinutes(10)).build();
        PresignedUpload upload = storage.urls().presignUpload("photos/up.png", policy);
        assertEquals("image/png", upload.headers().get("Content-Type"));
        assertEquals("0,100000", upload.headers().get("x-goog-content-length-range"));
        Instant now = Instant.now();
        VERIFIER.verifyUrl("PUT", upload.url(), sent(upload.url(), upload.headers()), now);
        rejected("PUT", upload.url(), upload.headers(), upload.expiresAt().plusSeconds(1));
        rejected("GET", upload.url(), upload.headers(), now);
        rejected("PUT", URI.create(upload.url().toString().replace("up.png", "other.png")), upload.headers(), now);
        Map<String, String> otherType = new HashMap<>(upload.headers());
        otherType.put("Content-Type", "text/html");
        rejected("PUT", upload.url(), otherType, now);
        Map<String, String> bigger = new HashMap<>(upload.headers());
        bigger.put("x-goog-content-length-range", "0,100000000");
        rejected("PUT", upload.url(), bigger, now);

        byte[] data = bytes(50_000, 1);
        HttpRequest.Builder put = HttpRequest.newBuilder(upload.url()).PUT(HttpRequest.BodyPublishers.ofByteArray(data));
        upload.headers().forEach(put::header);
        HttpResponse<String> response = HTTP.send(put.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        StoredFile stored = storage.dir().stat("photos/up.png");
        assertEquals(data.length, stored.size());
        assertEquals(sha256(data), stored.sha256());
        assertArrayEquals(data, storage.dir().open("photos/up.png").readAllBytes());
    }

    @Test
    void aFormPostStoresTheFileAndItsPolicyHoldsOnlyAsSigned() throws Exception {
        UploadPolicy policy = UploadPolicy.builder().allowedContentTypes("image/*").maxSize(100_000)
                .expiry(Duration.ofMinutes(10)).build();
        PresignedUpload upload = storage.urls().presignUpload("forms/up.png", policy);
        assertEquals(UploadMethod.POST_FORM, upload.method());
        Map<String, String> form = new LinkedHashMap<>(upload.formFields());
        form.put("Content-Type", "image/png");
        Instant now = Instant.now();
        VERIFIER.verifyPolicy(FakeGcsServer.BUCKET, form, 50_000, now);
        assertPolicyRejected(form, 100_001, now);
        assertPolicyRejected(form, 50_000, upload.expiresAt().plusSeconds(1));
        Map<String, String> otherType = new LinkedHashMap<>(form);
        otherType.put("Content-Type", "text/html");
        assertPolicyRejected(otherType, 50_000, now);
        Map<String, String> otherKey = new LinkedHashMap<>(form);
        otherKey.put("key", form.get("key").replace("up.png", "other.png"));
        assertPolicyRejected(otherKey, 50_000, now);

        byte[] data = bytes(50_000, 2);
        String boundary = "stowage" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : form.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                    + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"up.png\""
                + "\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(data);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(upload.url())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() / 100 == 2, response.statusCode() + " " + response.body());
        assertEquals(sha256(data), storage.dir().stat("forms/up.png").sha256());
        assertArrayEquals(data, storage.dir().open("forms/up.png").readAllBytes());
    }

    @Test
    void signedDownloadsNameTheFileAndTheirSignatureHoldsOnlyAsSigned() throws Exception {
        byte[] data = bytes(30_000, 3);
        storage.dir().save("reports/q3.pdf", new ByteArrayInputStream(data));
        URI url = storage.urls().presignDownload("reports/q3.pdf", Duration.ofMinutes(5), "Q3 ü.pdf");
        assertTrue(url.getRawQuery().contains("response-content-disposition=" + PercentEncoding.encode(
                ContentDisposition.attachment("Q3 ü.pdf").headerValue())), url.toString());
        assertTrue(url.getRawQuery().contains("response-content-type=application%2Fpdf"), url.toString());
        Instant now = Instant.now();
        VERIFIER.verifyUrl("GET", url, sent(url, Map.of()), now);
        rejected("GET", url, Map.of(), now.plus(Duration.ofMinutes(5)).plusSeconds(1));
        rejected("GET", URI.create(url.toString().replace("Q3", "Q4")), Map.of(), now);
        assertArrayEquals(data, HTTP.send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body());

        URI shown = storage.urls().of("reports/q3.pdf");
        VERIFIER.verifyUrl("GET", shown, sent(shown, Map.of()), now);
        rejected("GET", shown, Map.of(), now.plus(Duration.ofHours(1)).plusSeconds(1));
        assertArrayEquals(data, HTTP.send(HttpRequest.newBuilder(shown).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body());
    }

    @Test
    void credentialsThatCannotSignFailNamingTheFix() {
        try (GcsStorage unsigned = GcsStorage.builder(FakeGcsServer.BUCKET).host(SERVER.url()).projectId("p")
                .credentials(NoCredentials.getInstance()).open()) {
            ConfigurationException error = assertThrows(ConfigurationException.class,
                    () -> unsigned.urls().presignUpload("a.png", UploadPolicy.defaults()));
            assertEquals(GcsStorageProvider.CREDENTIALS_FILE, error.key());
            assertTrue(error.getMessage().contains("service-account JSON key"), error.getMessage());
        }
    }

    private static void rejected(String method, URI url, Map<String, String> headers, Instant at) {
        assertThrows(V4SignatureVerifier.Rejected.class, () -> VERIFIER.verifyUrl(method, url, sent(url, headers),
                at), method + " " + url + " " + headers + " at " + at);
    }

    /** {@code headers} with the Host header an HTTP client sends to {@code url} (the emulator's port included). */
    private static Map<String, String> sent(URI url, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Host", url.getRawAuthority());
        return all;
    }

    private static void assertPolicyRejected(Map<String, String> form, long size, Instant at) {
        assertThrows(V4SignatureVerifier.Rejected.class,
                () -> VERIFIER.verifyPolicy(FakeGcsServer.BUCKET, form, size, at), form + " size " + size);
    }

    private static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static String sha256(byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    }
}
