package dev.stowage.api;

import java.util.Locale;
import java.util.Objects;

/**
 * How a file is saved, for plain saves and for chunk sinks alike. Immutable; build with {@link #builder()}.
 *
 * @param contentType      the media type to record, or {@code null} to guess it from the filename
 * @param originalFilename the uploader's filename to keep as metadata, or {@code null}
 * @param overwrite        whether an existing file under the same name may be replaced (default: no)
 * @param expectedSha256   lowercase hex SHA-256 the bytes must have, or {@code null}
 * @param expectedSize     the exact size the bytes must have, or -1; for chunk sinks the declared size
 * @param maxSize          the most bytes accepted, or -1 for no limit
 * @param progress         told of progress after every write
 */
public record SaveOptions(String contentType, String originalFilename, boolean overwrite, String expectedSha256,
                          long expectedSize, long maxSize, ProgressListener progress) {
    private static final SaveOptions DEFAULTS = builder().build();

    public SaveOptions {
        Objects.requireNonNull(progress, "progress");
        if (contentType != null) {
            contentType = MediaTypes.requireValid(contentType);
        }
        if (expectedSha256 != null) {
            expectedSha256 = expectedSha256.toLowerCase(Locale.ROOT);
            if (!expectedSha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("expectedSha256 must be 64 hex digits: " + expectedSha256);
            }
        }
        if (expectedSize < -1 || maxSize < -1) {
            throw new IllegalArgumentException("sizes must be -1 (none) or at least 0");
        }
        if (expectedSize >= 0 && maxSize >= 0 && expectedSize > maxSize) {
            throw new IllegalArgumentException("expectedSize " + expectedSize + " exceeds maxSize " + maxSize);
        }
    }

    /** Defaults: guessed content type, no original filename, no overwrite, no checks, no limit. */
    public static SaveOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().contentType(contentType).originalFilename(originalFilename).overwrite(overwrite)
                .expectedSha256(expectedSha256).expectedSize(expectedSize).maxSize(maxSize).progress(progress);
    }

    /** Builds {@link SaveOptions}. */
    public static final class Builder {
        private String contentType;
        private String originalFilename;
        private boolean overwrite;
        private String expectedSha256;
        private long expectedSize = -1;
        private long maxSize = -1;
        private ProgressListener progress = ProgressListener.NONE;

        private Builder() {
        }

        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        public Builder originalFilename(String originalFilename) {
            this.originalFilename = originalFilename;
            return this;
        }

        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        public Builder expectedSha256(String expectedSha256) {
            this.expectedSha256 = expectedSha256;
            return this;
        }

        public Builder expectedSize(long expectedSize) {
            this.expectedSize = expectedSize;
            return this;
        }

        public Builder maxSize(long maxSize) {
            this.maxSize = maxSize;
            return this;
        }

        public Builder progress(ProgressListener progress) {
            this.progress = progress;
            return this;
        }

        public SaveOptions build() {
            return new SaveOptions(contentType, originalFilename, overwrite, expectedSha256, expectedSize, maxSize,
                    progress);
        }
    }
}
