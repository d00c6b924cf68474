package dev.stowage.gcs;

import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.storage.model.StorageObject;
import dev.stowage.api.AlreadyExistsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
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

    /** Where a stream of bytes to send comes from: opened again for every attempt. */
    interface Source {
        /** The bytes, from the start. */
        InputStream open() throws IOException;
    }

    /**
     * Opens a session that will create {@code key} with {@code metadata}; when {@code createOnly}, finalizing
     * fails with {@link AlreadyExistsException} if an object exists under the key by then. Tried again when the
     * connection fails or GCS answers 408, 429 or 5xx (a session opened by an attempt whose answer was lost is
     * never used, and expires without an object).
     */
    static ResumableSession start(GcsTransport transport, String name, String key, StorageObject metadata,
            boolean createOnly) throws IOException {
        String query = "uploadType=resumable&name=" + URLEncoder.encode(key, StandardCharsets.UTF_8)
                + (createOnly ? "&ifGenerationMatch=0" : "");
        URI start = transport.jsonApi("/upload/storage/v1/b/" + transport.encodedBucket() + "/o?" + query);
        String json = GsonFactory.getDefaultInstance().toString(metadata.setName(key));
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                HttpRequest request = transport.authorized(start)
                        .header("Content-Type", "application/json; charset=UTF-8")
                        .header("X-Upload-Content-Type", metadata.getContentType())
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
                response = transport.send(request, name);
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                if (attempt >= transport.maxAttempts()) {
                    throw transport.failure("start an upload of", name, e, attempt);
                }
                GcsTransport.backoff(attempt);
                continue;
            }
            if (response.statusCode() == 200) {
                String location = response.headers().firstValue("Location").orElseThrow(() ->
                        new IOException("GCS opened no upload session for '" + name + "' (no Location header)"));
                return new ResumableSession(transport, key, URI.create(location));
            }
            if (!GcsTransport.isTransient(response.statusCode()) || attempt >= transport.maxAttempts()) {
                throw transport.failure("start an upload of", name, response);
            }
            GcsTransport.backoff(attempt);
        }
    }

    /** Continues the session of {@link #uri()} (opened earlier, perhaps by another process). */
    static ResumableSession resume(GcsTransport transport, String key, URI uri) {
        return new ResumableSession(transport, key, uri);
    }

    /** The session's URL: whoever has it can send bytes to the session. */
    URI uri() {
        return uri;
    }

    /**
     * Sends the {@code length} bytes (a multiple of {@link #GRANULE}) that {@code data} reads, at {@code offset},
     * which the session holds up to. When an attempt fails (connection, timeout, 408, 429, 5xx) the bytes are sent
     * again from the last offset GCS confirmed: GCS ignores bytes it already holds, and says in its answer (308,
     * {@code Range}) how far it got, from where the rest goes.
     *
     * <p>No status query ({@code bytes *}{@code /*}) is sent: fake-gcs-server takes one as the end of the upload.
     * It also appends every byte sent, at whatever offset: against it, a repeat after a lost answer corrupts the
     * object, which the CRC32C check of {@link GcsChunkSink} catches before anything is visible.
     */
    void append(String name, long offset, long length, Source data) throws IOException {
        long end = offset + length;
        long at = offset;
        for (int attempt = 1; ; attempt++) {
            String what = "send bytes " + at + "-" + (end - 1) + " of";
            Failure failure;
            try {
                HttpResponse<String> response = put(name, "bytes " + at + "-" + (end - 1) + "/*", end - at,
                        from(data, at - offset));
                if (response.statusCode() == 308) {
                    at = kept(response);
                    if (at >= end) {
                        return;
                    }
                    failure = new Failure(new IOException("GCS kept the bytes up to " + at + " of " + end), null);
                } else if (GcsTransport.isTransient(response.statusCode())) {
                    failure = new Failure(null, response);
                } else {
                    throw transport.failure(what, name, response);
                }
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                failure = new Failure(e, null);
            }
            if (attempt >= transport.maxAttempts()) {
                throw failure.raise(transport, what, name, attempt);
            }
            GcsTransport.backoff(attempt);
        }
    }

    /**
     * Sends the last {@code length} bytes at {@code offset}, which end the object at {@code total} bytes, and
     * returns the object created. A failed attempt is sent again as {@link #append} is; when the first attempt
     * did finish the object but its answer was lost, GCS answers the repeat with the object too (fake-gcs-server
     * with 404: the caller then looks for the object).
     *
     * @throws AlreadyExistsException when the session was opened create-only and the key is taken
     */
    StorageObject finish(String name, long offset, long length, Source data, long total) throws IOException {
        long at = offset;
        for (int attempt = 1; ; attempt++) {
            Failure failure;
            try {
                String range = at == total ? "bytes */" + total : "bytes " + at + "-" + (total - 1) + "/" + total;
                HttpResponse<String> response = put(name, range, total - at, from(data, at - offset));
                if (response.statusCode() == 200 || response.statusCode() == 201) {
                    return created(name, response);
                }
                if (response.statusCode() == 412) {
                    throw AlreadyExistsException.atName(name);
                }
                if (response.statusCode() == 308) {
                    at = kept(response);
                    failure = new Failure(new IOException("GCS kept the bytes up to " + at + " of " + total), null);
                } else if (GcsTransport.isTransient(response.statusCode())) {
                    failure = new Failure(null, response);
                } else {
                    throw transport.failure("finish the upload of", name, response);
                }
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                failure = new Failure(e, null);
            }
            if (attempt >= transport.maxAttempts()) {
                throw failure.raise(transport, "finish the upload of", name, attempt);
            }
            GcsTransport.backoff(attempt);
        }
    }

    /**
     * How many bytes the session has kept, asked of GCS: for taking up a session whose last request may or may
     * not have arrived.
     */
    long persisted(String name) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> response = put(name, "bytes */*", 0, InputStream::nullInputStream);
                if (response.statusCode() == 308) {
                    return kept(response);
                }
                if (!GcsTransport.isTransient(response.statusCode()) || attempt >= transport.maxAttempts()) {
                    throw transport.failure("ask how much arrived of", name, response);
                }
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                if (attempt >= transport.maxAttempts()) {
                    throw transport.failure("ask how much arrived of", name, e, attempt);
                }
            }
            GcsTransport.backoff(attempt);
        }
    }

    /** Cancels the session: its bytes are dropped and no object appears. Harmless when it already ended. */
    void cancel(String name) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> response = transport.send(transport.request(uri).DELETE().build(), name);
                int status = response.statusCode();
                if (status == 499 || status == 204 || status == 200 || status == 404 || status == 410) {
                    return;
                }
                if (!GcsTransport.isTransient(status) || attempt >= transport.maxAttempts()) {
                    throw transport.failure("cancel the upload of", name, response);
                }
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                if (attempt >= transport.maxAttempts()) {
                    throw transport.failure("cancel the upload of", name, e, attempt);
                }
            }
            GcsTransport.backoff(attempt);
        }
    }

    /** A failed attempt: the exception, or the transient answer. */
    private record Failure(IOException exception, HttpResponse<String> response) {
        RuntimeException raise(GcsTransport transport, String operation, String name, int attempts) {
            return response != null ? transport.failure(operation, name, response)
                    : transport.failure(operation, name, exception, attempts);
        }
    }

    /** How many bytes a 308 answer says the session has kept. */
    private static long kept(HttpResponse<String> response) {
        return response.headers().firstValue("Range").map(range -> Long.parseLong(range.substring(
                range.indexOf('-') + 1).trim()) + 1).orElse(0L);
    }

    /** The object a finishing answer describes. */
    private StorageObject created(String name, HttpResponse<String> response) throws IOException {
        StorageObject created = GsonFactory.getDefaultInstance().fromString(response.body(), StorageObject.class);
        if (created.getGeneration() == null || !key.equals(created.getName())) {
            throw new IOException("GCS finished the upload of '" + name + "' with an unexpected answer: "
                    + response.body());
        }
        return created;
    }

    /** {@code data} opened, its first {@code skip} bytes skipped. */
    private static Source from(Source data, long skip) {
        return () -> {
            InputStream in = data.open();
            in.skipNBytes(skip);
            return in;
        };
    }

    private HttpResponse<String> put(String name, String contentRange, long length, Source data)
            throws IOException {
        InputStream body = length == 0 ? InputStream.nullInputStream() : data.open();
        try (body) {
            Supplier<InputStream> supplier = () -> body;
            HttpRequest request = transport.request(uri)
                    .header("Content-Range", contentRange)
                    .PUT(length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                            supplier), length))
                    .build();
            return transport.send(request, name);
        }
    }
}
