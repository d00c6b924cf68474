package dev.stowage.s3;

import java.io.IOException;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.MetadataDirective;

/**
 * Copies an object to another key inside S3, the bytes never passing through this process, setting the
 * target's content type and metadata: one CopyObject up to {@link #singleCopyLimit} bytes (5 GiB, S3's limit),
 * a multipart copy of ranges in parallel beyond it. With create-once, the target is written only if no object
 * exists there yet, atomically: always through a multipart copy completed with {@code If-None-Match: *}, since
 * S3-compatible servers (MinIO, S3Proxy) ignore that condition on CopyObject though they honour it on
 * CompleteMultipartUpload (an empty object goes up by a conditional PutObject instead).
 */
final class ServerSideCopy {
    /** The largest object one CopyObject call may copy. */
    static final long SINGLE_COPY_LIMIT = 5L * 1024 * 1024 * 1024;
    /** The range each part of a multipart copy takes, unless the 10,000-part limit needs more. */
    private static final long COPY_PART_SIZE = 512L * 1024 * 1024;

    private final S3Bucket bucket;
    private final long singleCopyLimit;

    /** Copies in {@code bucket}; objects above {@code singleCopyLimit} bytes are copied in parts. */
    ServerSideCopy(S3Bucket bucket, long singleCopyLimit) {
        this.bucket = bucket;
        this.singleCopyLimit = singleCopyLimit;
    }

    /**
     * Copies {@code sourceKey} ({@code size} bytes) to {@code targetKey}, which gets {@code contentType} and
     * {@code metadata}; with {@code createOnly}, fails ({@link S3Bucket#isAlreadyThere}) when it exists. With a
     * {@code sourceETag}, copies only that version of the source (HTTP 412 when it was replaced meanwhile), so
     * the bytes copied are the ones the metadata describes.
     */
    void copy(String sourceKey, String sourceETag, long size, String targetKey, String contentType,
            Map<String, String> metadata, boolean createOnly) throws IOException {
        if (createOnly && size == 0) {
            // nothing to copy: an empty object, created once by a conditional PutObject
            bucket.client().putObject(b -> b.bucket(bucket.bucket()).key(targetKey).contentType(contentType)
                    .metadata(metadata).ifNoneMatch("*"), RequestBody.empty());
            return;
        }
        if (size <= singleCopyLimit && !createOnly) {
            bucket.client().copyObject(b -> {
                b.sourceBucket(bucket.bucket()).sourceKey(sourceKey).destinationBucket(bucket.bucket())
                        .destinationKey(targetKey).metadataDirective(MetadataDirective.REPLACE)
                        .contentType(contentType).metadata(metadata);
                if (sourceETag != null) {
                    b.copySourceIfMatch(sourceETag);
                }
            });
            return;
        }
        long partSize = Math.max(Math.max(bucket.partSize(), Math.min(COPY_PART_SIZE, singleCopyLimit)),
                (size + S3Bucket.MAX_PARTS - 1) / S3Bucket.MAX_PARTS);
        MultipartUpload upload = MultipartUpload.start(bucket, targetKey, contentType, metadata, false);
        try {
            int number = 1;
            for (long first = 0; first < size; first += partSize) {
                upload.copyRange(number++, sourceKey, sourceETag, first, Math.min(size, first + partSize) - 1);
            }
            upload.complete(createOnly);
        } catch (IOException | RuntimeException e) {
            try {
                upload.abort();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
