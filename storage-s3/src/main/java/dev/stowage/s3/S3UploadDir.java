package dev.stowage.s3;

import dev.stowage.api.AlreadyExistsException;
import dev.stowage.api.ByteRange;
import dev.stowage.api.ChunkSink;
import dev.stowage.api.NotFoundException;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.StorageIOException;
import dev.stowage.api.StoredFile;
import dev.stowage.api.spi.AbstractUploadDir;
import dev.stowage.api.spi.NameSource;
import dev.stowage.api.spi.Sha256;
import dev.stowage.api.spi.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The upload directory in an S3 bucket, under an optional key prefix. A save first streams the upload into one
 * spool file on disk while hashing it ({@link SpooledUpload}; memory stays flat, the disk holds the whole upload
 * until it is sent), so its SHA-256 is known before anything goes to S3 and the object is sent once, straight to
 * its name with its metadata: up to the single-PutObject limit as one PutObject carrying the CRC32C of the bytes
 * hashed (checked by S3 where the endpoint supports checksums, so the object holds the bytes its recorded SHA-256
 * is of; a CRC32C, not the SHA-256 itself, since the server works it out on the way at almost no cost), anything
 * larger as a multipart upload, parts read from the spool file in parallel. Either way the object appears whole or
 * not at all, creating once is atomic ({@code If-None-Match: *} on the PutObject or the CompleteMultipartUpload),
 * and a failure aborts the multipart upload. Chunked uploads, whose bytes are in S3 before their SHA-256 is known,
 * are {@linkplain #promote copied} from their staging key onto their name instead.
 */
final class S3UploadDir extends AbstractUploadDir {
    private static final int BUFFER_SIZE = 64 * 1024;
    /** How often a read, copy or move starts over because its source was replaced under it. */
    private static final int MAX_CHANGES = 5;

    private final S3Bucket bucket;
    private final ServerSideCopy copier;
    private final boolean sendChecksums;
    private final long singlePutLimit;
    private final Set<S3ChunkSink> openSinks = ConcurrentHashMap.newKeySet();
    private final S3UnfinishedUploads unfinished;

    /** Saves of up to {@code singlePutLimit} bytes go up as one PutObject, larger ones in parts. */
    S3UploadDir(S3Bucket bucket, ServerSideCopy copier, boolean sendChecksums, long singlePutLimit) {
        this.bucket = bucket;
        this.unfinished = new S3UnfinishedUploads(bucket);
        this.copier = copier;
        this.sendChecksums = sendChecksums;
        this.singlePutLimit = singlePutLimit;
    }

    S3Bucket bucket() {
        return bucket;
    }

    /** The unfinished chunked uploads kept in the bucket. */
    S3UnfinishedUploads unfinished() {
        return unfinished;
    }

    @Override
    protected StoredFile doSave(String name, InputStream data, SaveOptions options) {
        if (!options.overwrite() && head(name).isPresent()) {
            throw AlreadyExistsException.atName(name);
        }
        VerifyingInputStream in = new VerifyingInputStream(name, data, options);
        SpooledUpload spooled = null;
        try {
            spooled = SpooledUpload.of(in, bucket);
            StoredFile record = record(name, in.count(), in.finish(), options);
            return record.size() <= singlePutLimit ? put(spooled.file(), record, spooled.crc32c(), options.overwrite())
                    : putInParts(spooled.file(), record, bucket.partSizeFor(record.size()), options.overwrite());
        } catch (IOException e) {
            throw StorageIOException.during("save", name, e);
        } catch (SdkException e) {
            throw bucket.failure("save", name, e);
        } finally {
            if (spooled != null) {
                deleteQuietly(spooled.file());
            }
        }
    }

    /** The record of a file saved under {@code options}. */
    StoredFile record(String name, long size, String sha256, SaveOptions options) {
        return new StoredFile(name, size, options.contentType(), sha256, options.originalFilename(),
                bucket.clock().instant());
    }

    /**
     * Uploads {@code file} as the whole object of {@code record} in one request, with the CRC32C of its bytes
     * ({@code crc32c}, base64) for S3 to check against what arrives.
     */
    StoredFile put(Path file, StoredFile record, String crc32c, boolean overwrite) throws IOException {
        try {
            bucket.client().putObject(b -> {
                b.bucket(bucket.bucket()).key(bucket.keys().key(record.name())).contentType(record.contentType())
                        .contentLength(record.size()).metadata(ObjectMetadata.of(record));
                if (sendChecksums) {
                    b.checksumCRC32C(crc32c);
                }
                if (!overwrite) {
                    b.ifNoneMatch("*");
                }
            }, RequestBody.fromFile(file));
            return record;
        } catch (SdkException e) {
            return ownWriteOrThrow(e, record, overwrite);
        }
    }

    /**
     * Uploads {@code file} as the whole object of {@code record} in a multipart upload straight to its name, the
     * metadata given when the upload starts, parts of {@code partSize} bytes in parallel; with create-once, the
     * upload completes only if no object is there yet. A failure aborts the upload and waits for its parts.
     */
    private StoredFile putInParts(Path file, StoredFile record, long partSize, boolean overwrite) throws IOException {
        MultipartUpload upload = MultipartUpload.start(bucket, bucket.keys().key(record.name()),
                record.contentType(), ObjectMetadata.of(record), false);
        try {
            int number = 1;
            for (long offset = 0; offset < record.size(); offset += partSize) {
                upload.sendRange(number++, file, offset, Math.min(partSize, record.size() - offset));
            }
            upload.complete(!overwrite);
            return record;
        } catch (SdkException e) {
            abortQuietly(upload);
            return ownWriteOrThrow(e, record, overwrite);
        } catch (IOException | RuntimeException e) {
            abortQuietly(upload);
            throw e;
        }
    }

    /**
     * What a write of {@code record} that failed with {@code e} comes to: with create-once, a failed condition is
     * either a retry of this write whose answer was lost finding its first attempt's object (then the write
     * succeeded: {@code record}) or another writer's file ({@link AlreadyExistsException}); else {@code e} itself.
     */
    private StoredFile ownWriteOrThrow(SdkException e, StoredFile record, boolean overwrite) {
        if (!overwrite && S3Bucket.isAlreadyThere(e)) {
            if (holds(record)) {
                return record;
            }
            throw AlreadyExistsException.atName(record.name());
        }
        throw e;
    }

    /**
     * Whether the object of {@code record}'s name is the one this very write made: same size, SHA-256 and creation
     * time (to the nanosecond the clock gives). A create-once write that the SDK repeated after its first answer
     * was lost fails its own condition; this tells that from a file another writer made.
     */
    private boolean holds(StoredFile record) {
        try {
            HeadObjectResponse head = bucket.client().headObject(b -> b.bucket(bucket.bucket())
                    .key(bucket.keys().key(record.name())));
            return head.contentLength() == record.size()
                    && record.sha256().equals(head.metadata().get(ObjectMetadata.SHA256))
                    && record.created().toString().equals(head.metadata().get(ObjectMetadata.CREATED));
        } catch (SdkException e) {
            return false;
        }
    }

    /**
     * Copies the staging object at {@code stagingKey} onto {@code record}'s name with its metadata, then
     * deletes the staging object whatever happened.
     */
    StoredFile promote(String stagingKey, StoredFile record, boolean overwrite) throws IOException {
        try {
            copier.copy(stagingKey, null, record.size(), bucket.keys().key(record.name()), record.contentType(),
                    ObjectMetadata.of(record), !overwrite);
            return record;
        } catch (SdkException e) {
            return ownWriteOrThrow(e, record, overwrite);
        } finally {
            deleteKeyQuietly(stagingKey);
        }
    }

    @Override
    protected Optional<StoredFile> doStat(String name) {
        return head(name).map(head -> toStoredFile(name, head));
    }

    private static StoredFile toStoredFile(String name, HeadObjectResponse head) {
        return ObjectMetadata.read(name, head.contentLength(), head.contentType(), head.metadata(),
                head.checksumSHA256(), head.lastModified());
    }

    private Optional<HeadObjectResponse> head(String name) {
        try {
            return Optional.of(bucket.client().headObject(b -> b.bucket(bucket.bucket())
                    .key(bucket.keys().key(name)).checksumMode(ChecksumMode.ENABLED)));
        } catch (SdkException e) {
            if (S3Bucket.isNotFound(e)) {
                return Optional.empty();
            }
            throw bucket.failure("read the details of", name, e);
        }
    }

    /**
     * One GET, as with the SDK alone, its answer giving the version read and the bytes the range holds; only a
     * range S3 cannot serve (an empty one, one past the end, any of an empty file) asks for the size with a HEAD.
     */
    @Override
    protected InputStream doOpen(String name, ByteRange range) {
        for (int attempt = 1; ; attempt++) {
            if (range.length() > 0) {
                try {
                    return ObjectReader.openCurrent(bucket, name, bucket.keys().key(name), range.offset(),
                            range.length());
                } catch (SdkException e) {
                    if (S3Bucket.isNotFound(e)) {
                        throw NotFoundException.forName(name);
                    }
                    if (!S3Bucket.isRangeNotSatisfiable(e) || attempt >= MAX_CHANGES) {
                        throw bucket.failure("read", name, e);
                    }
                }
            }
            HeadObjectResponse head = head(name).orElseThrow(() -> NotFoundException.forName(name));
            if (range.clip(name, head.contentLength()).length() == 0) {
                return InputStream.nullInputStream();
            }
            // the file was replaced by a longer one since the GET: read that
        }
    }

    @Override
    protected NameSource names() {
        return (prefix, after, skipPrefix) -> new KeyIterator(prefix, after, skipPrefix);
    }

    @Override
    protected StoredFile doCopy(String source, String target, boolean overwrite) {
        return copyPinned(source, target, overwrite).file();
    }

    /** A copy made, and the version (ETag) of the source it copied. */
    private record Copied(StoredFile file, String sourceETag) {
    }

    /**
     * Copies the version of {@code source} its HEAD saw, with that version's metadata: if the source is replaced
     * between the HEAD and the copy, the copy is refused (copy-source-if-match) and starts over with the new
     * version, so the target never gets one version's bytes with another's SHA-256.
     */
    private Copied copyPinned(String source, String target, boolean overwrite) {
        for (int attempt = 1; ; attempt++) {
            HeadObjectResponse head = head(source).orElseThrow(() -> NotFoundException.forName(source));
            if (!overwrite && head(target).isPresent()) {
                throw AlreadyExistsException.atName(target);
            }
            StoredFile file = toStoredFile(source, head);
            try {
                copier.copy(bucket.keys().key(source), head.eTag(), head.contentLength(), bucket.keys().key(target),
                        file.contentType(), head.metadata(), !overwrite);
                return new Copied(file.withName(target), head.eTag());
            } catch (SdkException e) {
                if (S3Bucket.isPreconditionFailed(e) || S3Bucket.isAlreadyThere(e)) {
                    Optional<HeadObjectResponse> now = head(source);
                    if (now.isEmpty()) {
                        throw NotFoundException.forName(source);
                    }
                    if (!now.get().eTag().equals(head.eTag())) {
                        if (attempt < MAX_CHANGES) {
                            continue; // the source was replaced: copy its new version
                        }
                        throw bucket.failure("copy " + source + " (replaced again and again meanwhile) to", target, e);
                    }
                    if (!overwrite) {
                        if (holdsCopy(target, head)) {
                            return new Copied(file.withName(target), head.eTag()); // a repeat found the first copy
                        }
                        throw AlreadyExistsException.atName(target);
                    }
                }
                if (S3Bucket.isNotFound(e)) {
                    throw NotFoundException.forName(source);
                }
                throw bucket.failure("copy " + source + " to", target, e);
            } catch (IOException e) {
                throw StorageIOException.during("copy " + source + " to", target, e);
            }
        }
    }

    /** Whether {@code target} holds a copy of the version of the source {@code source} describes, with its metadata. */
    private boolean holdsCopy(String target, HeadObjectResponse source) {
        Optional<HeadObjectResponse> head = head(target);
        return head.isPresent() && head.get().contentLength().equals(source.contentLength())
                && head.get().metadata().equals(source.metadata());
    }

    /**
     * Copies, then deletes the source if it still is the version copied. S3 cannot do both at once: a file saved
     * under the source between that check and the delete is lost (see {@link dev.stowage.api.Capability#ATOMIC_MOVE}).
     */
    @Override
    protected StoredFile doMove(String source, String target, boolean overwrite) {
        Copied moved = copyPinned(source, target, overwrite);
        Optional<HeadObjectResponse> now = head(source);
        if (now.isPresent() && now.get().eTag().equals(moved.sourceETag())) {
            try {
                bucket.client().deleteObject(b -> b.bucket(bucket.bucket()).key(bucket.keys().key(source)));
            } catch (SdkException e) {
                throw bucket.failure("remove the moved file", source, e);
            }
        }
        return moved.file();
    }

    @Override
    protected boolean doDelete(String name) {
        if (head(name).isEmpty()) {
            return false;
        }
        try {
            bucket.client().deleteObject(b -> b.bucket(bucket.bucket()).key(bucket.keys().key(name)));
            return true;
        } catch (SdkException e) {
            throw bucket.failure("delete", name, e);
        }
    }

    @Override
    protected ChunkSink doChunkSink(String name, SaveOptions options) {
        S3ChunkSink sink = S3ChunkSink.open(name, options, this);
        openSinks.add(sink);
        return sink;
    }

    @Override
    protected ChunkSink doResumeChunkSink(String uploadId) {
        try {
            S3ChunkSink sink = S3ChunkSink.resume(uploadId, this);
            openSinks.add(sink);
            return sink;
        } catch (IOException e) {
            throw StorageIOException.during("resume the chunked upload", uploadId, e);
        }
    }

    @Override
    protected int doAbortUnfinishedUploads(Duration age) {
        return unfinished.removeOpenedBefore(bucket.clock().instant().minus(age));
    }

    /** The SHA-256 (lowercase hex) of what {@code in} reads, closing it. */
    static String sha256(InputStream in) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (in) {
            byte[] buffer = new byte[BUFFER_SIZE];
            for (int n; (n = in.read(buffer)) != -1; ) {
                digest.update(buffer, 0, n);
            }
        }
        return Sha256.hex(digest);
    }

    /** Forgets {@code sink}, which completed or was discarded. */
    void ended(S3ChunkSink sink) {
        openSinks.remove(sink);
    }

    /** Aborts every chunk sink still open (the backend is closing). */
    void abortOpenSinks() {
        for (S3ChunkSink sink : List.copyOf(openSinks)) {
            sink.abort();
        }
    }

    /** Aborts {@code upload}, keeping the failure that led here as the one thrown. */
    static void abortQuietly(MultipartUpload upload) {
        try {
            upload.abort();
        } catch (RuntimeException e) {
            // abortUnfinishedUploads reclaims what is left
        }
    }

    /** Deletes the object at {@code key}, keeping any failure that led here as the one thrown. */
    void deleteKeyQuietly(String key) {
        try {
            bucket.client().deleteObject(b -> b.bucket(bucket.bucket()).key(key));
        } catch (SdkException e) {
            // abortUnfinishedUploads reclaims staging objects left behind
        }
    }

    static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the spool folder is removed when the backend closes
            }
        }
    }

    /** The names under a prefix, listed lazily a page of keys at a time, leaving out the staging folder. */
    private final class KeyIterator implements Iterator<String> {
        private final String keyPrefix;
        private final String skipped;
        private String startAfter;
        private String continuation;
        private Iterator<S3Object> page = java.util.Collections.emptyIterator();
        private boolean lastPage;
        private String next;

        KeyIterator(String prefix, String after, boolean skipPrefix) {
            this.keyPrefix = bucket.keys().key(prefix);
            this.skipped = skipPrefix && after != null ? bucket.keys().key(after) : null;
            // U+10FFFF sorts after every other character, also in UTF-8 byte order
            this.startAfter = after == null ? null : bucket.keys().key(after) + (skipPrefix ? "\uDBFF\uDFFF" : "");
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                if (!page.hasNext()) {
                    if (lastPage) {
                        return false;
                    }
                    fetch();
                    continue;
                }
                String key = page.next().key();
                if (!bucket.keys().isReserved(key) && (skipped == null || !key.startsWith(skipped))) {
                    next = bucket.keys().name(key);
                }
            }
            return true;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String name = next;
            next = null;
            return name;
        }

        private void fetch() {
            try {
                ListObjectsV2Response response = bucket.client().listObjectsV2(b -> {
                    b.bucket(bucket.bucket()).prefix(keyPrefix);
                    if (continuation != null) {
                        b.continuationToken(continuation);
                    } else if (startAfter != null) {
                        b.startAfter(startAfter);
                    }
                });
                page = response.contents().iterator();
                continuation = response.nextContinuationToken();
                lastPage = !Boolean.TRUE.equals(response.isTruncated()) || continuation == null;
            } catch (SdkException e) {
                throw bucket.failure("list", keyPrefix, e);
            }
        }
    }
}
