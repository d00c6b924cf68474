package dev.stowage.api.spi;

import dev.stowage.api.MediaTypes;
import dev.stowage.api.PolicyViolationException;
import dev.stowage.api.UploadMethod;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What a verified signed upload URL allows, from {@link UploadSigner#verifyUpload}: the HTTP module enforces it
 * on the request body.
 *
 * @param name                the name the upload is stored under
 * @param method              the method the URL was signed for: {@code PUT} or {@code POST}
 * @param expiresAt           when the URL stops working
 * @param maxSize             the most bytes the body may have, or -1 for no limit of the URL's own
 * @param contentType         the exact content type the request must declare, or {@code null}
 * @param allowedContentTypes patterns the declared content type must match ({@code image/*}); empty allows any
 * @param sha256              the SHA-256 (lowercase hex) the body must have, or {@code null}
 */
public record SignedUploadGrant(String name, UploadMethod method, Instant expiresAt, long maxSize,
                                String contentType, Set<String> allowedContentTypes, String sha256) {
    public SignedUploadGrant {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(expiresAt, "expiresAt");
        allowedContentTypes = Set.copyOf(allowedContentTypes);
    }

    /**
     * Checks the content type a request declares, {@code null} when it declares none: it must equal
     * {@link #contentType()} ignoring case when that is set, and match one of {@link #allowedContentTypes()}
     * when there are any.
     *
     * @throws PolicyViolationException {@code CONTENT_TYPE_NOT_ALLOWED} otherwise
     */
    public void checkContentType(String declared) {
        String shown = declared == null ? "(none)" : declared;
        if (contentType != null && !contentType.equalsIgnoreCase(declared)) {
            throw PolicyViolationException.contentTypeNotAllowed(name, shown, contentType);
        }
        if (!allowedContentTypes.isEmpty()
                && (declared == null || !MediaTypes.allowedBy(allowedContentTypes, declared))) {
            throw PolicyViolationException.contentTypeNotAllowed(name, shown, allowedContentTypes);
        }
    }
}
