package dev.stowage.api;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The rules a presigned upload enforces. Immutable; build with {@link #builder()}.
 *
 * @param maxSize             the most bytes the upload may have, or -1 for the backend's own limit
 * @param allowedContentTypes content types the upload may declare ({@code image/*} patterns allowed);
 *                            empty allows any
 * @param contentType         the exact content type the client must send, or {@code null}
 * @param sha256              the SHA-256 (hex) the bytes must have, or {@code null}
 * @param expiry              how long the URL is valid; default one hour
 * @param method              how the client must send, or {@code null} to let the backend pick the method
 *                            that best enforces the policy
 */
public record UploadPolicy(long maxSize, Set<String> allowedContentTypes, String contentType, String sha256,
                           Duration expiry, UploadMethod method) {
    /** Default validity of a presigned upload URL. */
    public static final Duration DEFAULT_EXPIRY = Duration.ofHours(1);
    /** The longest validity any backend signs (S3 and GCS refuse more than seven days). */
    public static final Duration MAX_EXPIRY = Duration.ofDays(7);

    public UploadPolicy {
        allowedContentTypes = Set.copyOf(allowedContentTypes);
        Objects.requireNonNull(expiry, "expiry");
        if (maxSize < -1) {
            throw new IllegalArgumentException("maxSize must be -1 (none) or at least 0: " + maxSize);
        }
        if (expiry.isNegative() || expiry.isZero() || expiry.compareTo(MAX_EXPIRY) > 0) {
            throw new IllegalArgumentException("expiry must be more than zero and at most 7 days: " + expiry);
        }
        if (contentType != null) {
            MediaTypes.requireValid(contentType);
            if (!MediaTypes.allowedBy(allowedContentTypes, contentType)) {
                throw new IllegalArgumentException("contentType " + contentType + " is not among "
                        + allowedContentTypes);
            }
        }
        if (sha256 != null) {
            sha256 = sha256.toLowerCase(Locale.ROOT);
            if (!sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("sha256 must be 64 hex digits: " + sha256);
            }
        }
    }

    /** Any size, any type, one hour, method of the backend's choice. */
    public static UploadPolicy defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether this policy lets an upload declare {@code type}. */
    public boolean allowsContentType(String type) {
        return MediaTypes.allowedBy(allowedContentTypes, type);
    }


    /** Builds {@link UploadPolicy}. */
    public static final class Builder {
        private long maxSize = -1;
        private Set<String> allowedContentTypes = Set.of();
        private String contentType;
        private String sha256;
        private Duration expiry = DEFAULT_EXPIRY;
        private UploadMethod method;

        private Builder() {
        }

        public Builder maxSize(long maxSize) {
            this.maxSize = maxSize;
            return this;
        }

        public Builder allowedContentTypes(String... types) {
            this.allowedContentTypes = Set.of(types);
            return this;
        }

        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        public Builder sha256(String sha256) {
            this.sha256 = sha256;
            return this;
        }

        public Builder expiry(Duration expiry) {
            this.expiry = expiry;
            return this;
        }

        public Builder method(UploadMethod method) {
            this.method = method;
            return this;
        }

        public UploadPolicy build() {
            return new UploadPolicy(maxSize, allowedContentTypes, contentType, sha256, expiry, method);
        }
    }
}
