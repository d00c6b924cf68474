package dev.stowage.api;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A short-lived URL a client uploads one file to, with what it must send along.
 *
 * @param method     the HTTP method: {@code PUT} or {@code POST}
 * @param url        where to send it (relative for the local backend unless a base URL is configured)
 * @param headers    headers the client must send exactly as given
 * @param formFields for {@link UploadMethod#POST_FORM}: the form fields to send before the file, in order
 * @param expiresAt  when the URL stops working
 * @param storageId  the name the file will be stored under: keep it to find the file later
 */
public record PresignedUpload(UploadMethod method, URI url, Map<String, String> headers,
                              Map<String, String> formFields, Instant expiresAt, String storageId) {
    public PresignedUpload {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(storageId, "storageId");
        headers = Map.copyOf(headers);
        formFields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(formFields));
    }

    /** The HTTP method name to use. */
    public String httpMethod() {
        return method == UploadMethod.PUT ? "PUT" : "POST";
    }
}
