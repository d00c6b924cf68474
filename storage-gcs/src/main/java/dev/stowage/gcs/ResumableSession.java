package dev.stowage.gcs;

import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.storage.model.StorageObject;
import dev.stowage.api.AlreadyExistsException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * One resumable upload session of the GCS JSON API: opened with the object's metadata and preconditions,
 * fed its bytes in order, then finalized (the object appears) or cancelled (nothing appears). Every byte
 * streams from the given input; nothing is buffered here.
 */
final class ResumableSession {
    /** GCS takes a session's bytes in multiples of this, except in the last request. */
    static final int GRANULE = 256 * 1024;

    private final GcsTransport transport;
    private final String key;
    private final URI uri;

    private ResumableSession(GcsTransport transport, String key, URI uri) {
        this.transport = transport;
        this.key = key;
        this.uri = uri;
    }

    /**
     * Opens a session that will create {@code key} with {@code metadata}; when {@code createOnly}, finalizing
     * fails with {@link AlreadyExistsException} if an object exists under the key by then.
     */
    static ResumableSession start(GcsTransport transport, String name, String key, StorageObject metadata,
            boolean createOnly) throws IOException {
        String query = "uploadType=resumable&name=" + URLEncoder.encode(key, StandardCharsets.UTF_8)
                + (createOnly ? "&ifGenerationMatch=0" : "");
        URI start = transport.jsonApi("/upload/storage/v1/b/" + transport.encodedBucket() + "/o?" + query);
        String json = GsonFactory.getDefaultInstance().toString(metadata.setName(key));
        HttpRequest request = transport.authorized(start)
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("X-Upload-Content-Type", metadata.getContentType())
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response = transport.send(request, name);
        if (response.statusCode() != 200) {
            throw transport.failure("start an upload of", name, response);
        }
        String location = response.headers().firstValue("Location").orElseThrow(() ->
                new IOException("GCS opened no upload session for '" + name + "' (no Location header)"));
        return new ResumableSession(transport, key, URI.create(location));
    }

    /** Continues the session of {@link #uri()} (opened earlier, perhaps by another process). */
    static ResumableSession resume(GcsTransport transport, String key, URI uri) {
        return new ResumableSession(transport, key, uri);
    }

    /** The session's URL: whoever has it can send bytes to the session. */
    URI uri() {
        return uri;
    }

    /** Sends {@code length} bytes (a multiple of {@link #GRANULE}) read from {@code data}, at {@code offset}. */
    void append(String name, long offset, long length, InputStream data) throws IOException {
        HttpResponse<String> response = put(name, "bytes " + offset + "-" + (offset + length - 1) + "/*", length,
                data);
        if (response.statusCode() != 308) {
            throw transport.failure("send bytes " + offset + "-" + (offset + length - 1) + " of", name, response);
        }
    }

    /**
     * Sends the last {@code length} bytes at {@code offset}, which end the object at {@code total} bytes, and
     * returns the object created.
     *
     * @throws AlreadyExistsException when the session was opened create-only and the key is taken
     */
    StorageObject finish(String name, long offset, long length, InputStream data, long total) throws IOException {
        String range = length == 0 ? "bytes */" + total : "bytes " + offset + "-" + (offset + length - 1) + "/" + total;
        HttpResponse<String> response = put(name, range, length, data);
        if (response.statusCode() == 412) {
            throw AlreadyExistsException.atName(name);
        }
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw transport.failure("finish the upload of", name, response);
        }
        StorageObject created = GsonFactory.getDefaultInstance().fromString(response.body(), StorageObject.class);
        if (created.getGeneration() == null || !key.equals(created.getName())) {
            throw new IOException("GCS finished the upload of '" + name + "' with an unexpected answer: "
                    + response.body());
        }
        return created;
    }

    /**
     * How many bytes the session has kept, asked of GCS: for taking up a session whose last request may or may
     * not have arrived.
     */
    long persisted(String name) throws IOException {
        HttpResponse<String> response = put(name, "bytes */*", 0, InputStream.nullInputStream());
        if (response.statusCode() != 308) {
            throw transport.failure("ask how much arrived of", name, response);
        }
        return response.headers().firstValue("Range").map(range -> Long.parseLong(range.substring(
                range.indexOf('-') + 1).trim()) + 1).orElse(0L);
    }

    /** Cancels the session: its bytes are dropped and no object appears. Harmless when it already ended. */
    void cancel(String name) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).DELETE().build();
        HttpResponse<String> response = transport.send(request, name);
        int status = response.statusCode();
        if (status != 499 && status != 204 && status != 200 && status != 404 && status != 410) {
            throw transport.failure("cancel the upload of", name, response);
        }
    }

    private HttpResponse<String> put(String name, String contentRange, long length, InputStream data)
            throws IOException {
        Supplier<InputStream> body = () -> data;
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Content-Range", contentRange)
                .PUT(length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body),
                        length))
                .build();
        return transport.send(request, name);
    }
}
