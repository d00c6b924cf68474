package dev.stowage.s3;

import dev.stowage.api.StoredFile;
import dev.stowage.api.spi.PercentEncoding;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a {@link StoredFile}'s details ride on an S3 object: content type as the object's {@code Content-Type},
 * and SHA-256, creation time and original filename as user metadata ({@code x-amz-meta-*}). S3 metadata is
 * ASCII only, so the filename is percent-encoded UTF-8. Objects written by other tools lack the metadata: their
 * SHA-256 comes from S3's own whole-object SHA-256 checksum when there is one, else is empty, and their creation
 * time is the last-modified time.
 */
final class ObjectMetadata {
    static final String SHA256 = "sha256";
    static final String CREATED = "created";
    static final String ORIGINAL_FILENAME = "original-filename";

    private ObjectMetadata() {
    }

    /** The user metadata that records {@code file}. */
    static Map<String, String> of(StoredFile file) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(SHA256, file.sha256());
        metadata.put(CREATED, file.created().toString());
        if (file.originalFilename() != null) {
            metadata.put(ORIGINAL_FILENAME, PercentEncoding.encode(file.originalFilename()));
        }
        return metadata;
    }

    /**
     * The stored file {@code name} whose object has {@code size}, {@code contentType}, user {@code metadata},
     * S3's base64 {@code checksumSha256} (or null) and {@code lastModified}.
     */
    static StoredFile read(String name, long size, String contentType, Map<String, String> metadata,
            String checksumSha256, Instant lastModified) {
        String sha256 = metadata.get(SHA256);
        if (sha256 == null) {
            sha256 = wholeObjectChecksum(checksumSha256);
        }
        String filename = metadata.get(ORIGINAL_FILENAME);
        return new StoredFile(name, size, contentType == null ? "application/octet-stream" : contentType, sha256,
                filename == null ? null : PercentEncoding.decode(filename), created(metadata.get(CREATED),
                lastModified));
    }

    /** S3's checksum as hex: base64 of the digest; a multipart object's ("...-N") is not the file's SHA-256. */
    private static String wholeObjectChecksum(String checksum) {
        if (checksum == null || checksum.contains("-")) {
            return "";
        }
        try {
            return HexFormat.of().formatHex(Base64.getDecoder().decode(checksum));
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static Instant created(String recorded, Instant lastModified) {
        if (recorded != null) {
            try {
                return Instant.parse(recorded);
            } catch (DateTimeParseException e) {
                // a foreign value: fall back to the object's own time
            }
        }
        return lastModified == null ? Instant.EPOCH : lastModified;
    }
}
