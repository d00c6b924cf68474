package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.api.spi.Sha256;
import dev.stowage.testkit.GeneratedStream;
import dev.stowage.testkit.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2 GiB through each upload path (multipart POST, signed PUT) into a server in a child JVM limited to 128 MiB of
 * heap: the server's SHA-256 equals the one computed of the bytes sent, and a download hashes the same.
 */
class LargeUploadTest {
    static final long SIZE = 2L << 30;
    static final long USABLE_NEEDED = 5L << 30;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path tmp;
    static ServerProcess server;

    @BeforeAll
    static void start() throws IOException {
        long usable = Files.getFileStore(tmp).getUsableSpace();
        assertTrue(usable > USABLE_NEEDED, "LargeUploadTest needs 5 GiB free under " + tmp + ", has " + usable);
        int port = ServerProcess.freePort();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                "-Dstowage.upload-dir=" + tmp.resolve("uploads"), "-Dstowage.http.port=" + port,
                "-Dstowage.http.max-file-size=3GiB", "-Dstowage.http.max-request-size=3GiB",
                StowageServer.class.getName());
        server = ServerProcess.start("stowage server (-Xmx128m)", command, Map.of(), port, tmp.resolve("server.log"),
                Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void twoGibibytesByMultipartPost() throws Exception {
        MessageDigest sent = Sha256.newDigest();
        MultipartBody body = new MultipartBody().file("files", "large.bin", "application/octet-stream",
                () -> new DigestInputStream(new GeneratedStream(1, SIZE), sent));
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/_upload"))
                .header("Content-Type", body.contentType()).POST(body.publisher()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body() + "\n" + server.logTail());
        JsonNode file = JSON.readTree(r.body()).get("files").get(0);
        assertEquals(SIZE, file.get("size").asLong());
        assertEquals(Sha256.hex(sent), file.get("sha256").asText());
    }

    @Test
    void twoGibibytesBySignedPutAndBackByGet() throws Exception {
        HttpResponse<String> minted = CLIENT.send(HttpRequest.newBuilder(URI.create(server.httpUrl()
                + StowageServlets.UPLOAD_URL_PATH)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, minted.statusCode(), minted.body());
        String url = JSON.readTree(minted.body()).get("url").asText();
        MessageDigest sent = Sha256.newDigest();
        HttpRequest.BodyPublisher generated = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> new DigestInputStream(new GeneratedStream(2, SIZE),
                        sent)), SIZE);
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + url))
                .PUT(generated).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body() + "\n" + server.logTail());
        JsonNode file = JSON.readTree(r.body());
        String expected = Sha256.hex(sent);
        assertEquals(SIZE, file.get("size").asLong());
        assertEquals(expected, file.get("sha256").asText());

        HttpResponse<InputStream> download = CLIENT.send(HttpRequest.newBuilder(URI.create(server.httpUrl()
                + file.get("url").asText())).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, download.statusCode());
        MessageDigest received = Sha256.newDigest();
        try (InputStream in = new DigestInputStream(download.body(), received)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertEquals(expected, Sha256.hex(received));
    }
}
