package dev.stowage.gcs;

import com.google.auth.Credentials;
import com.google.cloud.NoCredentials;
import dev.stowage.api.BackendUnavailableException;
import dev.stowage.api.StorageIOException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Plain HTTP calls to the GCS JSON API, for what the client library does not expose (resumable sessions
 * whose URL is kept): one HTTP client, the endpoint, the bucket and the credentials that authorize requests.
 * Thread-safe.
 */
final class GcsTransport {
    private static final int MAX_ERROR_BODY = 500;

    private final HttpClient http;
    private final String host;
    private final String bucket;
    private final Credentials credentials;
    private final Duration requestTimeout;
    private final int maxAttempts;

    /**
     * Calls to {@code host} about {@code bucket}: each connect may take {@code connectTimeout}, each request (its
     * body sent and the answer's head received) {@code requestTimeout}, and a call that fails for a reason that may
     * pass (a dropped connection, a timeout, 408, 429, 5xx) is tried {@code maxAttempts} times in all.
     */
    GcsTransport(String host, String bucket, Credentials credentials, Duration connectTimeout,
            Duration requestTimeout, int maxAttempts) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.host = host.replaceAll("/+$", "");
        this.bucket = bucket;
        this.credentials = credentials;
        this.requestTimeout = requestTimeout;
        this.maxAttempts = maxAttempts;
    }

    /** How often a call is tried in all. */
    int maxAttempts() {
        return maxAttempts;
    }

    /** A request to {@code uri} with the request timeout, without credentials (session URLs carry their own). */
    HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(requestTimeout);
    }

    /** Whether an answer {@code status} may go away if the call is tried again. */
    static boolean isTransient(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /**
     * Waits before attempt {@code attempt} + 1: exponential backoff from 100 ms, at most 5 s, with jitter.
     *
     * @throws InterruptedIOException when interrupted
     */
    static void backoff(int attempt) throws InterruptedIOException {
        long cap = Math.min(5_000, 100L << Math.min(attempt - 1, 10));
        try {
            Thread.sleep(cap / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(cap / 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to try GCS again");
        }
    }

    /** The bucket's name, percent-encoded for a URL path. */
    String encodedBucket() {
        return URLEncoder.encode(bucket, StandardCharsets.UTF_8);
    }

    /** {@code pathAndQuery} on the endpoint. */
    URI jsonApi(String pathAndQuery) {
        return URI.create(host + pathAndQuery);
    }

    /** A request to {@code uri} carrying the credentials' authorization headers. */
    HttpRequest.Builder authorized(URI uri) throws IOException {
        HttpRequest.Builder request = request(uri);
        if (!(credentials instanceof NoCredentials)) {
            for (Map.Entry<String, List<String>> header : credentials.getRequestMetadata(uri).entrySet()) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        return request;
    }

    /**
     * Sends {@code request} about {@code name}, once.
     *
     * @throws IOException when the connection failed or timed out; a {@link ConnectException} when the endpoint
     *                     cannot be reached
     */
    HttpResponse<String> send(HttpRequest request, String name) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            ConnectException unreachable = new ConnectException("cannot connect to " + host + ": " + e.getMessage());
            unreachable.initCause(e);
            throw unreachable;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while talking to GCS");
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    /**
     * The error for an unexpected answer to {@code operation} on {@code name}: the backend is unavailable
     * (too many requests, server errors) or refused.
     */
    /** The error for {@code operation} on {@code name} that failed {@code attempts} times, the last with {@code e}. */
    RuntimeException failure(String operation, String name, IOException e, int attempts) {
        return BackendUnavailableException.because(GcsStorageProvider.NAME, name, "could not " + operation + " it"
                + " (tried " + attempts + (attempts == 1 ? " time" : " times") + "): " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    }

    RuntimeException failure(String operation, String name, HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body().strip();
        String detail = "HTTP " + status + (body.isEmpty() ? "" : ": "
                + body.substring(0, Math.min(body.length(), MAX_ERROR_BODY)));
        if (status == 429 || status >= 500) {
            return BackendUnavailableException.because(GcsStorageProvider.NAME, name, "GCS answered " + detail
                    + " when asked to " + operation + " it", null);
        }
        return StorageIOException.during(operation, name, new IOException("GCS answered " + detail));
    }
}
