package dev.stowage.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The requests of a tus 1.0 client, sent to one endpoint with {@link HttpClient}. */
final class TusClient {
    static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI endpoint;

    TusClient(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** A request to {@code uri} carrying {@code Tus-Resumable: 1.0.0}. */
    static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).header("Tus-Resumable", "1.0.0");
    }

    /** A creation of an upload of {@code length} bytes with {@code Upload-Metadata} {@code metadata} ("" for none). */
    HttpResponse<String> create(long length, String metadata) {
        HttpRequest.Builder request = request(endpoint).header("Upload-Length", Long.toString(length))
                .POST(BodyPublishers.noBody());
        if (!metadata.isEmpty()) {
            request.header("Upload-Metadata", metadata);
        }
        return send(request);
    }

    /** The URL of the upload {@code created} made. */
    URI location(HttpResponse<String> created) {
        return endpoint.resolve(created.headers().firstValue("Location").orElseThrow());
    }

    HttpResponse<String> head(URI upload) {
        return send(request(upload).method("HEAD", BodyPublishers.noBody()));
    }

    HttpResponse<String> patch(URI upload, long offset, byte[] chunk) {
        return patch(upload, offset, BodyPublishers.ofByteArray(chunk));
    }

    HttpResponse<String> patch(URI upload, long offset, BodyPublisher chunk) {
        return send(patchRequest(upload, offset, chunk));
    }

    /** A PATCH of {@code chunk} carrying {@code Upload-Checksum} of {@code checksummed}. */
    HttpResponse<String> patchWithChecksum(URI upload, long offset, byte[] chunk, byte[] checksummed) {
        return send(patchRequest(upload, offset, BodyPublishers.ofByteArray(chunk))
                .header("Upload-Checksum", "sha256 " + Base64.getEncoder().encodeToString(sha256(checksummed))));
    }

    static HttpRequest.Builder patchRequest(URI upload, long offset, BodyPublisher chunk) {
        return request(upload).header("Upload-Offset", Long.toString(offset))
                .header("Content-Type", OFFSET_OCTET_STREAM).method("PATCH", chunk);
    }

    HttpResponse<String> delete(URI upload) {
        return send(request(upload).DELETE());
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code response}'s {@code header}, which must be there. */
    static String header(HttpResponse<?> response, String header) {
        return response.headers().firstValue(header).orElseThrow(
                () -> new AssertionError("no " + header + " in " + response + ": " + response.headers().map()));
    }
}
