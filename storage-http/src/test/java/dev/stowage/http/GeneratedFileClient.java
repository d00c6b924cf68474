package dev.stowage.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.api.spi.Sha256;
import dev.stowage.testkit.GeneratedStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;

/**
 * An HTTP/1.1 client sending generated files ({@link GeneratedStream}: a seed and a size stand for the bytes)
 * through the upload paths of one Stowage server, streamed, and reading files back as their SHA-256. A request
 * times out only after minutes, to turn a hang into a failure.
 */
final class GeneratedFileClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HANG = Duration.ofMinutes(3);

    private final HttpClient http;
    private final String base;

    /** A client of the server at {@code base} ({@code http://host:port}). */
    GeneratedFileClient(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(HANG).build();
    }

    /** The SHA-256 (hex) of the generated file of {@code seed} and {@code size}. */
    static String sha256(long seed, long size) {
        return sha256(seed, 0, size);
    }

    /** The SHA-256 (hex) of bytes {@code from} to {@code from + length} of the generated file of {@code seed}. */
    static String sha256(long seed, long from, long length) {
        MessageDigest digest = Sha256.newDigest();
        try (InputStream in = new DigestInputStream(generated(seed, from, length), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Sha256.hex(digest);
    }

    /** Bytes {@code from} to {@code from + length} of the generated file of {@code seed}, as a request body. */
    static BodyPublisher slice(long seed, long from, long length) {
        if (length == 0) {
            return BodyPublishers.noBody();
        }
        return BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> generated(seed, from, length)),
                length);
    }

    private static InputStream generated(long seed, long from, long length) {
        InputStream in = new GeneratedStream(seed, from + length);
        try {
            in.skipNBytes(from);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return in;
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    /** The tus client of this server. */
    TusClient tus() {
        return new TusClient(uri(StowageServlets.TUS_PATH));
    }

    /** POSTs the file as the one part of a multipart/form-data upload to {@code /_upload}. */
    HttpResponse<String> multipart(long seed, long size) throws IOException, InterruptedException {
        MultipartBody body = new MultipartBody().file("files", "generated-" + seed + ".bin",
                "application/octet-stream", () -> new GeneratedStream(seed, size));
        return send(HttpRequest.newBuilder(uri("/_upload")).header("Content-Type", body.contentType())
                .POST(body.publisher()));
    }

    /**
     * Mints an upload URL at {@value StowageServlets#UPLOAD_URL_PATH} and PUTs the file to it.
     *
     * @throws IOException when minting is answered with anything but 200
     */
    HttpResponse<String> signedPut(long seed, long size) throws IOException, InterruptedException {
        HttpResponse<String> minted = send(HttpRequest.newBuilder(uri(StowageServlets.UPLOAD_URL_PATH))
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{}")));
        if (minted.statusCode() != 200) {
            throw new IOException("minting an upload URL answered " + minted.statusCode() + ": " + minted.body());
        }
        JsonNode upload = JSON.readTree(minted.body());
        HttpRequest.Builder put = HttpRequest.newBuilder(uri(upload.get("url").asText()))
                .method(upload.get("method").asText(), slice(seed, 0, size));
        upload.get("headers").fields().forEachRemaining(h -> put.header(h.getKey(), h.getValue().asText()));
        return send(put);
    }

    /** GETs {@code path} ({@code Range: range} unless null) and answers with the SHA-256 of what came. */
    Download download(String path, String range) throws IOException, InterruptedException {
        HttpRequest.Builder get = HttpRequest.newBuilder(uri(path)).timeout(HANG);
        if (range != null) {
            get.header("Range", range);
        }
        HttpResponse<InputStream> response = http.send(get.build(), HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest digest = Sha256.newDigest();
        long size;
        try (InputStream in = new DigestInputStream(response.body(), digest)) {
            size = in.transferTo(OutputStream.nullOutputStream());
        }
        return new Download(response, Sha256.hex(digest), size);
    }

    /** The SHA-256 the server records for the file at {@code path}: its {@code ETag}, from a HEAD. */
    String storedSha256(String path) throws IOException, InterruptedException {
        HttpResponse<String> head = send(HttpRequest.newBuilder(uri(path)).method("HEAD", BodyPublishers.noBody()));
        return head.statusCode() == 200 ? TusClient.header(head, "ETag").replace("\"", "") : "(" + head.statusCode()
                + ")";
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(HANG).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A response whose body was read as its SHA-256 and size. */
    record Download(HttpResponse<InputStream> response, String sha256, long size) {
        /** The {@code ETag}, which is the stored SHA-256, without its quotes. */
        String etag() {
            return TusClient.header(response, "ETag").replace("\"", "");
        }
    }
}
