package dev.stowage.api;

import java.time.Instant;
import java.util.Objects;

/**
 * What is known of a stored file, the same on every backend.
 *
 * @param name             its name (for files saved as new, the generated storage id)
 * @param size             its length in bytes
 * @param contentType      its media type as given or guessed when it was saved
 * @param sha256           the SHA-256 of its bytes, lowercase hex
 * @param originalFilename the filename the uploader gave, or {@code null} when none was given
 * @param created          when it was stored
 */
public record StoredFile(String name, long size, String contentType, String sha256, String originalFilename,
                         Instant created) {
    public StoredFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(created, "created");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }

    /** The same file under another name (used by copy and move). */
    public StoredFile withName(String newName) {
        return new StoredFile(newName, size, contentType, sha256, originalFilename, created);
    }
}
