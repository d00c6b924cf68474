package dev.stowage.s3;

import dev.stowage.api.NotFoundException;
import dev.stowage.api.UploadInUseException;
import dev.stowage.api.spi.ChunkSinkState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Where unfinished chunked uploads are kept in the bucket, so that any instance sharing it takes one up by its
 * id: under {@code <prefix>.stowage/uploads/<uploadId>/} the upload's {@code state} ({@link ChunkSinkState},
 * whose backend part names the multipart upload and its part size), the multipart upload itself to
 * {@code data}, and {@code tail-<offset>} objects: the leading bytes of a part not yet complete, kept when a
 * handle is suspended. Within this process one handle at a time holds an upload; S3 offers no lock across
 * instances, so two instances resuming the same upload at once are not kept apart.
 */
final class S3UnfinishedUploads {
    /** The state's backend key of the S3 multipart upload id, once parts went up. */
    static final String MULTIPART_UPLOAD_ID = "multipart-upload-id";
    /** The state's backend key of the upload's part size. */
    static final String PART_SIZE = "part-size";
    private static final String STATE = "state";
    private static final String DATA = "data";
    private static final String TAIL = "tail-";

    private final S3Bucket bucket;
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    S3UnfinishedUploads(S3Bucket bucket) {
        this.bucket = bucket;
    }

    /** Holds {@code uploadId} for one handle. @throws UploadInUseException when a handle holds it already */
    void hold(String uploadId) {
        if (!held.add(uploadId)) {
            throw UploadInUseException.heldElsewhere(uploadId);
        }
    }

    /** Lets go of {@code uploadId}, so another handle may take it up. */
    void release(String uploadId) {
        held.remove(uploadId);
    }

    /** The key the multipart upload of {@code uploadId} goes to. */
    String dataKey(String uploadId) {
        return bucket.keys().uploadFolder(uploadId) + DATA;
    }

    /** Writes (or replaces) the state of an upload. */
    void saveState(ChunkSinkState state) {
        byte[] bytes = state.toBytes();
        try {
            bucket.client().putObject(b -> b.bucket(bucket.bucket()).key(stateKey(state.uploadId()))
                    .contentType("text/plain"), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw bucket.failure("keep the state of the chunked upload of", state.name(), e);
        }
    }

    /**
     * The state of the unfinished upload {@code uploadId}.
     *
     * @throws NotFoundException when there is none (never opened, completed or aborted)
     */
    ChunkSinkState state(String uploadId) throws IOException {
        try (InputStream in = bucket.client().getObject(b -> b.bucket(bucket.bucket()).key(stateKey(uploadId)))) {
            return ChunkSinkState.fromBytes(in.readAllBytes());
        } catch (SdkException e) {
            if (S3Bucket.isNotFound(e)) {
                throw NotFoundException.forUpload(uploadId);
            }
            throw bucket.failure("read the state of the chunked upload", uploadId, e);
        } catch (IllegalArgumentException e) {
            throw new IOException("the state of the chunked upload " + uploadId + " at " + stateKey(uploadId)
                    + " is broken: " + e.getMessage(), e);
        }
    }

    /** Keeps the first {@code length} bytes of {@code part} as the tail of {@code uploadId} at {@code offset}. */
    void saveTail(String uploadId, long offset, Path part, long length) {
        try {
            bucket.client().putObject(b -> b.bucket(bucket.bucket()).key(tailKey(uploadId, offset)),
                    RequestBody.fromContentProvider(() -> FileRangeStream.open(part, 0, length), length,
                            "application/octet-stream"));
        } catch (SdkException e) {
            throw bucket.failure("keep the received bytes at " + offset + " of the chunked upload", uploadId, e);
        }
    }

    /** The offsets of the tails kept for {@code uploadId}, each with its length. */
    Map<Long, Long> tails(String uploadId) {
        Map<Long, Long> tails = new TreeMap<>();
        String start = bucket.keys().uploadFolder(uploadId) + TAIL;
        try {
            for (S3Object tail : bucket.client().listObjectsV2Paginator(b -> b.bucket(bucket.bucket()).prefix(start))
                    .contents()) {
                tails.put(Long.parseLong(tail.key().substring(start.length())), tail.size());
            }
            return tails;
        } catch (SdkException e) {
            throw bucket.failure("list the received bytes of the chunked upload", uploadId, e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("a tail object of the chunked upload " + uploadId + " under " + start
                    + " has no offset in its key: " + e.getMessage(), e);
        }
    }

    /** Copies the tail of {@code uploadId} at {@code offset}, {@code length} bytes, to the start of {@code part}. */
    void readTail(String uploadId, long offset, long length, FileChannel part) throws IOException {
        if (length == 0) {
            return;
        }
        try (InputStream in = new ObjectReader(bucket, uploadId, tailKey(uploadId, offset), null, 0, length)) {
            part.position(0);
            in.transferTo(Channels.newOutputStream(part));
        } catch (SdkException e) {
            throw bucket.failure("read the received bytes at " + offset + " of the chunked upload", uploadId, e);
        }
    }

    /** Deletes the tail of {@code uploadId} at {@code offset}, which went up as part of a part since. */
    void deleteTail(String uploadId, long offset) {
        try {
            bucket.client().deleteObject(b -> b.bucket(bucket.bucket()).key(tailKey(uploadId, offset)));
        } catch (SdkException e) {
            throw bucket.failure("delete the received bytes at " + offset + " of the chunked upload", uploadId, e);
        }
    }

    /** Deletes every object of {@code uploadId}: its state, tails and joined data. */
    void delete(String uploadId) {
        try {
            for (S3Object object : bucket.client().listObjectsV2Paginator(b -> b.bucket(bucket.bucket())
                    .prefix(bucket.keys().uploadFolder(uploadId))).contents()) {
                bucket.client().deleteObject(b -> b.bucket(bucket.bucket()).key(object.key()));
            }
        } catch (SdkException e) {
            throw bucket.failure("delete the partial data of the chunked upload", uploadId, e);
        }
    }

    /**
     * Removes what uploads opened before {@code cutoff} left, except those a handle of this process holds: each
     * unfinished chunked upload (its multipart upload and objects), every other multipart upload under the
     * prefix (of a save whose process died) and every staging object.
     *
     * @return how many uploads and staging objects were removed
     */
    int removeOpenedBefore(Instant cutoff) {
        try {
            Map<String, List<S3Object>> folders = new TreeMap<>();
            for (S3Object object : bucket.client().listObjectsV2Paginator(b -> b.bucket(bucket.bucket())
                    .prefix(bucket.keys().uploadsPrefix())).contents()) {
                folders.computeIfAbsent(bucket.keys().uploadIdOf(object.key()), id -> new ArrayList<>()).add(object);
            }
            Set<String> removedUploads = new HashSet<>();
            for (Map.Entry<String, List<S3Object>> folder : folders.entrySet()) {
                if (!held.contains(folder.getKey()) && openedBefore(folder.getKey(), folder.getValue(), cutoff)) {
                    delete(folder.getKey());
                    removedUploads.add(folder.getKey());
                }
            }
            int removed = removedUploads.size();
            // listed bucket-wide and filtered here: MinIO lists uploads by a folder prefix as none at all
            for (MultipartUpload upload : bucket.client().listMultipartUploadsPaginator(b -> b.bucket(bucket.bucket()))
                    .uploads()) {
                String uploadId = upload.key().startsWith(bucket.keys().uploadsPrefix())
                        ? bucket.keys().uploadIdOf(upload.key()) : null;
                boolean ofRemovedUpload = removedUploads.contains(uploadId);
                if (ofRemovedUpload || upload.key().startsWith(bucket.keys().prefix())
                        && upload.initiated().isBefore(cutoff) && (uploadId == null || !held.contains(uploadId))) {
                    bucket.client().abortMultipartUpload(b -> b.bucket(bucket.bucket()).key(upload.key())
                            .uploadId(upload.uploadId()));
                    removed += ofRemovedUpload ? 0 : 1;
                }
            }
            for (S3Object staged : bucket.client().listObjectsV2Paginator(b -> b.bucket(bucket.bucket())
                    .prefix(bucket.keys().stagingPrefix())).contents()) {
                if (staged.lastModified().isBefore(cutoff)) {
                    bucket.client().deleteObject(b -> b.bucket(bucket.bucket()).key(staged.key()));
                    removed++;
                }
            }
            return removed;
        } catch (SdkException e) {
            throw bucket.failure("abort unfinished uploads under", bucket.keys().prefix(), e);
        }
    }

    /**
     * Whether the upload whose folder holds {@code objects} was opened before {@code cutoff}: by its state, or,
     * without a readable state, by its newest object.
     */
    private boolean openedBefore(String uploadId, List<S3Object> objects, Instant cutoff) {
        if (objects.stream().anyMatch(object -> object.key().equals(stateKey(uploadId)))) {
            try {
                return state(uploadId).created().isBefore(cutoff);
            } catch (IOException | NotFoundException e) {
                // a broken or vanished state: judged by its objects' age below
            }
        }
        return objects.stream().allMatch(object -> object.lastModified().isBefore(cutoff));
    }

    private String stateKey(String uploadId) {
        return bucket.keys().uploadFolder(uploadId) + STATE;
    }

    private String tailKey(String uploadId, long offset) {
        return bucket.keys().uploadFolder(uploadId) + TAIL + offset;
    }
}
