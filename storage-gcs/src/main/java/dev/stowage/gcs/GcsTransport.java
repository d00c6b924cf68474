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

    GcsTransport(String host, String bucket, Credentials credentials) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.host = host.replaceAll("/+$", "");
        this.bucket = bucket;
        this.credentials = credentials;
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
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (!(credentials instanceof NoCredentials)) {
            for (Map.Entry<String, List<String>> header : credentials.getRequestMetadata(uri).entrySet()) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        return request;
    }

    /**
     * Sends {@code request} about {@code name}.
     *
     * @throws BackendUnavailableException when the endpoint cannot be reached
     */
    HttpResponse<String> send(HttpRequest request, String name) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw BackendUnavailableException.because(GcsStorageProvider.NAME, name, "cannot connect to " + host,
                    e);
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
