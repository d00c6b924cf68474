package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.api.StoredFile;
import dev.stowage.api.spi.Sha256;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /_upload} with multipart/form-data over real HTTP: stored files, limits and hostile filenames. */
class MultipartUploadTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(tmp.resolve("uploads"), Map.of(HttpSettings.MAX_FILE_SIZE, "1000",
                HttpSettings.MAX_REQUEST_SIZE, "5000", HttpSettings.MAX_PARTS, "4",
                HttpSettings.MAX_PART_HEADER_SIZE, "512"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> post(MultipartBody body) {
        return server.send(HttpRequest.newBuilder(server.uri("/_upload")).header("Content-Type", body.contentType())
                .POST(body.publisher()));
    }

    @Test
    void storesEveryFileOfTheFieldAndDescribesIt() throws IOException {
        byte[] one = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] two = new byte[700];
        for (int i = 0; i < two.length; i++) {
            two[i] = (byte) ("\r\n--" + i).charAt(i % 4);
        }
        HttpResponse<String> r = post(new MultipartBody().field("note", "ignored")
                .file("files", "hello.txt", "text/plain", one).file("files", "Über.bin", null, two));
        assertEquals(201, r.statusCode(), r.body());
        JsonNode files = JSON.readTree(r.body()).get("files");
        assertEquals(2, files.size());
        JsonNode first = files.get(0);
        assertEquals("hello.txt", first.get("filename").asText());
        assertEquals(5, first.get("size").asLong());
        assertEquals("text/plain", first.get("contentType").asText());
        assertEquals(sha256(one), first.get("sha256").asText());
        assertEquals("/_upload/" + first.get("storageId").asText(), first.get("url").asText());
        assertEquals("hello", server.get(first.get("url").asText()).body());
        JsonNode second = files.get(1);
        assertEquals("Über.bin", second.get("filename").asText());
        assertEquals(sha256(two), second.get("sha256").asText());
        StoredFile stored = server.server.storage().dir().stat(second.get("storageId").asText());
        assertEquals(700, stored.size());
    }

    @Test
    void hostileFilenamesAreMetadataNeverPaths() throws IOException {
        List<String> hostile = List.of("../../escape.txt", "..\\..\\evil.bat", "/etc/passwd", "C:\\x.txt",
                ".stowage/signing-key", "a\u202Egnp.exe", "con");
        MultipartBody body = new MultipartBody();
        hostile.subList(0, 4).forEach(name -> body.file("files", name, "text/plain", new byte[] {'x'}));
        HttpResponse<String> r = post(body);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode files = JSON.readTree(r.body()).get("files");
        assertEquals("escape.txt", files.get(0).get("filename").asText());
        assertEquals("evil.bat", files.get(1).get("filename").asText());
        assertEquals("passwd", files.get(2).get("filename").asText());
        assertEquals("x.txt", files.get(3).get("filename").asText());
        MultipartBody rest = new MultipartBody();
        hostile.subList(4, 7).forEach(name -> rest.file("files", name, "text/plain", new byte[] {'y'}));
        assertEquals(201, post(rest).statusCode());
        assertTrue(Files.notExists(tmp.resolve("escape.txt")));
        assertTrue(Files.notExists(tmp.resolve("uploads").resolve("evil.bat")));
        try (Stream<Path> top = Files.list(tmp.resolve("uploads"))) {
            List<String> names = top.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".stowage")).toList();
            assertEquals(7, names.size(), names.toString());
            names.forEach(n -> assertTrue(n.matches("[A-Za-z0-9_-]+"), n));
        }
    }

    @Test
    void anOversizeFileIs413AndNothingOfTheRequestStays() throws IOException {
        HttpResponse<String> r = post(new MultipartBody().file("files", "ok.txt", "text/plain", new byte[10])
                .file("files", "big.bin", "application/octet-stream", new byte[1001]));
        assertEquals(413, r.statusCode(), r.body());
        assertEquals("too_large", JSON.readTree(r.body()).get("error").asText());
        assertTrue(r.body().contains("File 'big.bin' exceeds the limit of 1000 bytes"), r.body());
        assertStoreEmpty();
    }

    @Test
    void anOversizeRequestIs413() throws IOException {
        MultipartBody body = new MultipartBody();
        for (int i = 0; i < 3; i++) {
            body.file("files", "f" + i, "text/plain", new byte[900]);
        }
        body.field("padding", "x".repeat(3000));
        HttpResponse<String> r = post(body);
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(r.body().contains("5000 bytes"), r.body());
        assertStoreEmpty();
    }

    @Test
    void tooManyPartsIs413() throws IOException {
        MultipartBody body = new MultipartBody();
        for (int i = 0; i < 5; i++) {
            body.file("files", "f" + i + ".txt", "text/plain", new byte[] {'a'});
        }
        HttpResponse<String> r = post(body);
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(r.body().contains("more than 4 parts"), r.body());
        assertStoreEmpty();
    }

    @Test
    void oversizePartHeadersAre400() throws IOException {
        HttpResponse<String> r = post(new MultipartBody().file("files", "x".repeat(600) + ".txt", "text/plain",
                new byte[] {'a'}));
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("part_headers_too_large", JSON.readTree(r.body()).get("error").asText());
        assertStoreEmpty();
    }

    @Test
    void malformedBodiesAre400WithAReason() throws IOException {
        HttpResponse<String> truncated = server.send(HttpRequest.newBuilder(server.uri("/_upload"))
                .header("Content-Type", "multipart/form-data; boundary=abc")
                .POST(HttpRequest.BodyPublishers.ofString("--abc\r\nContent-Disposition: form-data; name=\"files\"; "
                        + "filename=\"a.txt\"\r\n\r\nno closing boundary")));
        assertEquals(400, truncated.statusCode());
        assertTrue(truncated.body().contains("before the closing boundary"), truncated.body());
        HttpResponse<String> noBoundary = server.send(HttpRequest.newBuilder(server.uri("/_upload"))
                .header("Content-Type", "multipart/form-data").POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(400, noBoundary.statusCode());
        HttpResponse<String> notMultipart = server.send(HttpRequest.newBuilder(server.uri("/_upload"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(415, notMultipart.statusCode());
        HttpResponse<String> noFiles = post(new MultipartBody().field("files", "not a file"));
        assertEquals(400, noFiles.statusCode());
        assertEquals("no_files", JSON.readTree(noFiles.body()).get("error").asText());
        assertStoreEmpty();
    }

    @Test
    void bodiesFullOfNearBoundariesSurviveEveryBufferEdge() throws IOException {
        server.close();
        server = TestServer.start(tmp.resolve("uploads"), Map.of());
        MultipartBody body = new MultipartBody();
        String nearMiss = "\r\n--" + body.boundary.substring(0, body.boundary.length() - 1);
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        for (int i = 0; data.size() < 300_000; i++) {
            data.writeBytes(nearMiss.substring(0, 1 + i % nearMiss.length()).getBytes(StandardCharsets.US_ASCII));
            data.write(i % 50);
        }
        byte[] bytes = data.toByteArray();
        HttpResponse<String> r = post(body.file("files", "tricky.bin", null, bytes).file("files", "after.txt",
                "text/plain", "after".getBytes(StandardCharsets.UTF_8)));
        assertEquals(201, r.statusCode(), r.body());
        JsonNode files = JSON.readTree(r.body()).get("files");
        assertEquals(bytes.length, files.get(0).get("size").asLong());
        assertEquals(sha256(bytes), files.get(0).get("sha256").asText());
        assertEquals("after", server.get(files.get(1).get("url").asText()).body());
    }

    @Test
    void refusedTypesAre415() throws IOException {
        server.close();
        server = TestServer.start(tmp.resolve("uploads"), Map.of(HttpSettings.ALLOWED_TYPES, "image/*, text/plain"));
        HttpResponse<String> r = post(new MultipartBody().file("files", "page.html", "text/html", new byte[] {'<'}));
        assertEquals(415, r.statusCode(), r.body());
        assertTrue(r.body().contains("text/html"), r.body());
        assertEquals(201, post(new MultipartBody().file("files", "a.png", "image/png", new byte[] {1})).statusCode());
    }

    private void assertStoreEmpty() throws IOException {
        assertEquals(0, server.server.storage().dir().list("").count());
        try (Stream<Path> staging = Files.walk(tmp.resolve("uploads").resolve(".stowage").resolve("staging"))) {
            assertEquals(List.of(), staging.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(".lock")).toList(), "staging leftovers");
        }
    }

    static String sha256(byte[] data) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(data);
        return Sha256.hex(digest);
    }
}
