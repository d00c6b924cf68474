package dev.stowage.s3;

import dev.stowage.api.BackendUnavailableException;
import dev.stowage.api.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One bucket and key prefix reached through one S3 client, with what every S3 operation of the backend
 * shares: the part size of multipart uploads, how many parts go up at once, the thread pool they go up on,
 * the folder that spools parts to disk, and one translation of SDK failures into Stowage's errors.
 *
 * @param client      the SDK client (retries with backoff are configured on it)
 * @param bucket      the bucket
 * @param keys        the key prefix and the staging folder
 * @param partSize    the size of each part of a multipart upload, at least 5 MiB
 * @param concurrency how many parts of one upload go up at once
 * @param pool        the threads parts go up on
 * @param spool       the folder where parts wait on disk before they go up
 * @param clock       creation times
 */
record S3Bucket(S3Client client, String bucket, S3Keys keys, long partSize, int concurrency, ExecutorService pool,
                Path spool, Clock clock) {
    /** The smallest part S3 takes, except for the last part of an upload. */
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    /** The most parts one multipart upload may have. */
    static final int MAX_PARTS = 10_000;

    /** A new empty file in the spool folder. */
    Path newSpoolFile() throws IOException {
        return Files.createTempFile(spool, "part-", ".spool");
    }

    /** The part size for a file of {@code size} bytes (or unknown, -1): big enough to stay within 10,000 parts. */
    long partSizeFor(long size) {
        if (size < 0) {
            return partSize;
        }
        long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
        return Math.max(partSize, needed);
    }

    /**
     * Aborts the multipart uploads to {@code key} other than {@code keep} (null: none kept) that a call whose
     * answer was lost may have started: all of them, or with {@code since}, those initiated from a little before
     * then (clocks differ) on. Failures are left for {@link dev.stowage.api.UploadDir#abortUnfinishedUploads}.
     */
    void abortStrayUploadsQuietly(String key, String keep, java.time.Instant since) {
        java.time.Instant from = since == null ? null : since.minusSeconds(30);
        try {
            for (software.amazon.awssdk.services.s3.model.MultipartUpload upload : client.listMultipartUploadsPaginator(
                    b -> b.bucket(bucket).prefix(key)).uploads()) {
                if (upload.key().equals(key) && !upload.uploadId().equals(keep)
                        && (from == null || upload.initiated() == null || !upload.initiated().isBefore(from))) {
                    client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload.uploadId()));
                }
            }
        } catch (SdkException e) {
            // abortUnfinishedUploads reclaims what is left
        }
    }

    /** Whether {@code e} says the object or upload is not there (HTTP 404). */
    static boolean isNotFound(SdkException e) {
        return e instanceof S3Exception s3 && s3.statusCode() == 404;
    }

    /** Whether {@code e} says a condition of the request did not hold (HTTP 412). */
    static boolean isPreconditionFailed(SdkException e) {
        return e instanceof S3Exception s3 && s3.statusCode() == 412;
    }

    /** Whether {@code e} says the range asked for starts at or past the object's end (HTTP 416). */
    static boolean isRangeNotSatisfiable(SdkException e) {
        return e instanceof S3Exception s3 && s3.statusCode() == 416;
    }

    /** Whether {@code e} says a create-once condition failed: the object already exists (HTTP 412 or 409). */
    static boolean isAlreadyThere(SdkException e) {
        return e instanceof S3Exception s3 && (s3.statusCode() == 412 || (s3.statusCode() == 409
                && "ConditionalRequestConflict".equals(s3.awsErrorDetails().errorCode())));
    }

    /** {@code e}, met while doing {@code operation} on {@code name}, as Stowage's error. */
    StorageException failure(String operation, String name, SdkException e) {
        String reason = e instanceof S3Exception s3 && s3.awsErrorDetails() != null
                ? "could not " + operation + ": S3 answered " + s3.statusCode()
                        + (s3.awsErrorDetails().errorCode() == null ? " (no details: " + e.getMessage() + ")"
                        : " " + s3.awsErrorDetails().errorCode() + " (" + s3.awsErrorDetails().errorMessage() + ")")
                : e instanceof SdkClientException ? "could not " + operation + ": " + e.getMessage()
                : "could not " + operation + ": " + e;
        return BackendUnavailableException.because(S3StorageProvider.NAME, name, reason + " in bucket " + bucket, e);
    }
}
