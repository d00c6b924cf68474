package dev.stowage.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.time.Instant;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * One S3 multipart upload to one key: parts go up in parallel, at most {@link S3Bucket#concurrency()} at once
 * (a caller adding a part waits for a free slot, which bounds the spooled parts on disk), then
 * {@link #complete} joins them or {@link #abort} removes them. A part is a spooled file, deleted once it is up,
 * a range of a file, or a range copied from another object inside S3.
 */
final class MultipartUpload {
    private final S3Bucket bucket;
    private final String key;
    private final String uploadId;
    private final Semaphore slots;
    private final Map<Integer, CompletedPart> parts = new ConcurrentSkipListMap<>();
    private final Map<Integer, Long> partSizes = new ConcurrentSkipListMap<>();
    private final List<Future<?>> inFlight = new ArrayList<>();

    private MultipartUpload(S3Bucket bucket, String key, String uploadId) {
        this.bucket = bucket;
        this.key = key;
        this.uploadId = uploadId;
        this.slots = new Semaphore(bucket.concurrency());
    }

    /**
     * Starts a multipart upload to {@code key} with the object's {@code contentType} and user metadata.
     *
     * <p>CreateMultipartUpload is the one call S3 cannot repeat harmlessly: when its answer is lost, the SDK's retry
     * starts a second upload and nobody knows the id of the first. So when the SDK had to retry (or gave up), the
     * uploads to {@code key} that such attempts may have started are aborted here: every other one when the key is
     * the backend's own ({@code ownKey}: a staging or data key only one upload ever goes to), else those begun
     * while this call ran (another writer's upload to the same name started in that very window would be aborted
     * too; that takes a lost answer and a racing writer at once).
     */
    static MultipartUpload start(S3Bucket bucket, String key, String contentType, Map<String, String> metadata,
            boolean ownKey) {
        RetryCount retries = new RetryCount();
        Instant began = Instant.now();
        String id;
        try {
            id = bucket.client().createMultipartUpload(b -> b.bucket(bucket.bucket()).key(key)
                    .contentType(contentType).metadata(metadata)
                    .overrideConfiguration(o -> o.addMetricPublisher(retries))).uploadId();
        } catch (SdkException e) {
            bucket.abortStrayUploadsQuietly(key, null, ownKey ? null : began);
            throw e;
        }
        if (retries.retried()) {
            bucket.abortStrayUploadsQuietly(key, id, ownKey ? null : began);
        }
        return new MultipartUpload(bucket, key, id);
    }

    /** Takes from the SDK's metrics of one call whether the call was retried. */
    private static final class RetryCount implements MetricPublisher {
        private volatile boolean retried;

        @Override
        public void publish(MetricCollection metrics) {
            if (metrics.metricValues(CoreMetric.RETRY_COUNT).stream().anyMatch(count -> count > 0)) {
                retried = true;
            }
            metrics.children().forEach(this::publish);
        }

        boolean retried() {
            return retried;
        }

        @Override
        public void close() {
        }
    }

    /**
     * Takes up the multipart upload {@code uploadId} to {@code key} started earlier (maybe by another process),
     * with the parts it already holds; empty when S3 no longer has it (completed or aborted).
     */
    static Optional<MultipartUpload> resume(S3Bucket bucket, String key, String uploadId) {
        MultipartUpload upload = new MultipartUpload(bucket, key, uploadId);
        try {
            for (Part part : bucket.client().listPartsPaginator(b -> b.bucket(bucket.bucket()).key(key)
                    .uploadId(uploadId)).parts()) {
                upload.parts.put(part.partNumber(), CompletedPart.builder().partNumber(part.partNumber())
                        .eTag(part.eTag()).build());
                upload.partSizes.put(part.partNumber(), part.size());
            }
            return Optional.of(upload);
        } catch (SdkException e) {
            if (S3Bucket.isNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** S3's id of this multipart upload. */
    String id() {
        return uploadId;
    }

    /** The size of each part S3 held when the upload was {@linkplain #resume resumed}, by part number. */
    Map<Integer, Long> resumedPartSizes() {
        return Map.copyOf(partSizes);
    }

    /** The key the upload goes to. */
    String key() {
        return key;
    }

    /** Sends {@code file} as part {@code number} in the background and deletes the file once it is up. */
    void sendFile(int number, Path file) throws IOException {
        Runnable delete = () -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the spool folder is removed when the backend closes
            }
        };
        submit(() -> {
            try {
                return uploadPart(number, RequestBody.fromFile(file));
            } finally {
                delete.run();
            }
        }, delete);
    }

    /**
     * Sends {@code length} bytes of {@code file} from {@code offset} as part {@code number} in the background; the
     * file stays (the caller deletes it once the upload {@linkplain #complete completed} or was
     * {@linkplain #abort aborted}, which both wait for the parts in flight).
     */
    void sendRange(int number, Path file, long offset, long length) throws IOException {
        submit(() -> uploadPart(number, RequestBody.fromContentProvider(
                () -> FileRangeStream.open(file, offset, length), length, "application/octet-stream")), () -> { });
    }

    private CompletedPart uploadPart(int number, RequestBody body) {
        String etag = bucket.client().uploadPart(b -> b.bucket(bucket.bucket()).key(key).uploadId(uploadId)
                .partNumber(number), body).eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    /**
     * Copies bytes {@code first}-{@code last} of {@code sourceKey} (only at version {@code sourceETag}, when not
     * null) in S3 as part {@code number}.
     */
    void copyRange(int number, String sourceKey, String sourceETag, long first, long last) throws IOException {
        submit(() -> {
            String etag = bucket.client().uploadPartCopy(b -> b.sourceBucket(bucket.bucket()).sourceKey(sourceKey)
                    .destinationBucket(bucket.bucket()).destinationKey(key).uploadId(uploadId).partNumber(number)
                    .copySourceIfMatch(sourceETag).copySourceRange("bytes=" + first + "-" + last))
                    .copyPartResult().eTag();
            return CompletedPart.builder().partNumber(number).eTag(etag).build();
        }, () -> { });
    }

    /**
     * Waits for every part, then joins them into the object; with {@code createOnly}, only if no object exists
     * at the key yet (an {@link S3Bucket#isAlreadyThere} failure otherwise).
     */
    void complete(boolean createOnly) throws IOException {
        awaitParts();
        List<CompletedPart> ordered = new ArrayList<>(parts.values());
        try {
            bucket.client().completeMultipartUpload(b -> {
                b.bucket(bucket.bucket()).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(ordered));
                if (createOnly) {
                    b.ifNoneMatch("*");
                }
            });
        } catch (SdkException e) {
            // The SDK repeats a complete whose answer was lost; servers then answer NoSuchUpload or InvalidPart
            // (MinIO), or, create-only, that the object exists: it may, made of these very parts.
            if (madeOf(ordered)) {
                return;
            }
            throw e;
        }
    }

    /**
     * Whether the object at the key is the one these parts make: its ETag is S3's multipart ETag of them (the MD5
     * of the parts' MD5s, then {@code -<count>}).
     */
    private boolean madeOf(List<CompletedPart> ordered) {
        try {
            java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
            for (CompletedPart part : ordered) {
                String etag = part.eTag().replace("\"", "");
                if (!etag.matches("[0-9a-fA-F]{32}")) {
                    return false;
                }
                md5.update(java.util.HexFormat.of().parseHex(etag));
            }
            String expected = java.util.HexFormat.of().formatHex(md5.digest()) + "-" + ordered.size();
            String actual = bucket.client().headObject(b -> b.bucket(bucket.bucket()).key(key)).eTag();
            return actual != null && expected.equalsIgnoreCase(actual.replace("\"", ""));
        } catch (java.security.NoSuchAlgorithmException | SdkException e) {
            return false;
        }
    }

    /** Waits for parts in flight, then removes every part sent. Harmless when already completed or aborted. */
    void abort() {
        slots.acquireUninterruptibly(bucket.concurrency());
        try {
            bucket.client().abortMultipartUpload(b -> b.bucket(bucket.bucket()).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            if (!S3Bucket.isNotFound(e)) {
                throw e;
            }
        } finally {
            slots.release(bucket.concurrency());
        }
    }

    private interface PartCall {
        CompletedPart send() throws IOException;
    }

    private void submit(PartCall call, Runnable onCancel) throws IOException {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            onCancel.run();
            throw new InterruptedIOException("interrupted while waiting to send a part of " + key);
        }
        try {
            Future<?> future = bucket.pool().submit(() -> {
                try {
                    CompletedPart part = call.send();
                    parts.put(part.partNumber(), part);
                    return null;
                } finally {
                    slots.release();
                }
            });
            synchronized (inFlight) {
                inFlight.add(future);
            }
        } catch (RuntimeException e) {
            slots.release();
            onCancel.run();
            throw e;
        }
        rethrowFailures(false);
    }

    /** Waits until every part sent so far is up; throws the first failure. */
    void awaitParts() throws IOException {
        rethrowFailures(true);
    }

    /** Throws the first failure of a part that ended; with {@code wait}, waits for every part first. */
    private void rethrowFailures(boolean wait) throws IOException {
        List<Future<?>> snapshot;
        synchronized (inFlight) {
            snapshot = new ArrayList<>(inFlight);
        }
        for (Future<?> part : snapshot) {
            if (!wait && !part.isDone()) {
                continue;
            }
            try {
                part.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the parts of " + key);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IOException("a part of " + key + " failed", cause);
            }
        }
    }
}
