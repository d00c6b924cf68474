package dev.stowage.api;

import java.net.URI;
import java.time.Duration;

/**
 * URLs for stored files and for uploads: where a frontend shows a file, where a client sends one.
 */
public interface UploadUrl {

    /**
     * The URL a frontend uses to show the file stored under {@code name}: {@code /_upload/<name>} for the
     * local backend, the bucket URL or a presigned GET for cloud backends.
     */
    URI of(String name);

    /**
     * A short-lived URL that accepts one upload to {@code name} and enforces {@code policy}.
     *
     * @throws UnsupportedCapabilityException when the policy asks for a method the backend cannot sign
     */
    PresignedUpload presignUpload(String name, UploadPolicy policy);

    /** A short-lived upload URL for a new file under a generated storage id, returned in the result. */
    default PresignedUpload presignUploadNew(UploadPolicy policy) {
        return presignUpload(StorageId.generate(), policy);
    }

    /**
     * A GET URL valid for {@code ttl} that downloads {@code name} as an attachment called {@code filename}.
     */
    URI presignDownload(String name, Duration ttl, String filename);
}
