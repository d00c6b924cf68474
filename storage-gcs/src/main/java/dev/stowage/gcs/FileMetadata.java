package dev.stowage.gcs;

import dev.stowage.api.SaveOptions;
import dev.stowage.api.StoredFile;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a stored file's Stowage metadata lives on its object: SHA-256, original filename and creation time as
 * custom metadata; size and content type are the object's own.
 */
final class FileMetadata {
    static final String SHA256 = "stowage-sha256";
    static final String ORIGINAL_FILENAME = "stowage-original-filename";
    static final String CREATED = "stowage-created";

    private FileMetadata() {
    }

    /** The custom metadata of a file saved with {@code options} at {@code created}; {@code sha256} may be null. */
    static Map<String, String> of(SaveOptions options, Instant created, String sha256) {
        Map<String, String> metadata = new HashMap<>();
        metadata.put(CREATED, created.toString());
        if (options.originalFilename() != null) {
            metadata.put(ORIGINAL_FILENAME, options.originalFilename());
        }
        if (sha256 != null) {
            metadata.put(SHA256, sha256);
        }
        return metadata;
    }

    /**
     * The stored file an object describes, or empty when its metadata has no SHA-256 (an object written by
     * another tool or through a presigned URL).
     *
     * @param objectCreated when the object was created, for objects without a recorded creation time
     */
    static Optional<StoredFile> read(String name, long size, String contentType, Map<String, String> metadata,
            Instant objectCreated) {
        Map<String, String> values = metadata == null ? Map.of() : metadata;
        String sha256 = values.get(SHA256);
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        return Optional.of(new StoredFile(name, size, contentType, sha256, values.get(ORIGINAL_FILENAME),
                created(values, objectCreated)));
    }

    private static Instant created(Map<String, String> metadata, Instant objectCreated) {
        String recorded = metadata.get(CREATED);
        if (recorded != null) {
            try {
                return Instant.parse(recorded);
            } catch (DateTimeParseException e) {
                // set by hand to something else: the object's own time stands in
            }
        }
        return objectCreated;
    }
}
