package dev.stowage.s3;

import dev.stowage.api.AlreadyExistsException;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.StoredFile;
import dev.stowage.api.spi.AbstractChunkSink;
import dev.stowage.api.spi.Coverage;
import dev.stowage.api.spi.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A chunked upload to S3 as a multipart upload. Chunks of any size land at their offsets in a sparse spool file
 * on disk (memory holds one buffer per chunk in flight), cut into fixed part-sized slots: a slot goes up as its
 * part as soon as all its bytes have arrived, whatever order they came in, so parts respect S3's 5 MiB minimum
 * and the part size grows with a declared size to stay within 10,000 parts. A slot written again after it went
 * up is sent again on completion. {@link #complete()} hashes the spool in order, sends what is left, joins the
 * parts under a staging key and copies that onto the name with its metadata (a file of one part goes up
 * directly instead); abort, close and every failure abort the multipart upload and remove the spool.
 */
final class S3ChunkSink extends AbstractChunkSink {
    private static final int BUFFER_SIZE = 128 * 1024;

    private final S3UploadDir dir;
    private final S3Bucket bucket;
    private final long partSize;
    private final long declaredSize;
    private final Path spool;
    private final FileChannel channel;
    private final Map<Long, Slot> slots = new HashMap<>();
    private MultipartUpload upload;

    /** One part-sized slot of the file: which of its bytes arrived, and whether what went up is current. */
    private static final class Slot {
        final Coverage coverage = new Coverage();
        long version;
        long sentVersion = -1;
    }

    S3ChunkSink(String name, SaveOptions options, S3UploadDir dir) throws IOException {
        super(name, options);
        this.dir = dir;
        this.bucket = dir.bucket();
        this.declaredSize = options.expectedSize();
        this.partSize = bucket.partSizeFor(declaredSize >= 0 ? declaredSize : options.maxSize());
        this.spool = bucket.newSpoolFile();
        this.channel = FileChannel.open(spool, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    @Override
    protected long writeAt(long offset, InputStream data) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        long position = offset;
        for (int n; (n = data.readNBytes(buffer, 0, buffer.length)) > 0; ) {
            if (position + n > partSize * S3Bucket.MAX_PARTS) {
                throw new IOException("the upload reaches beyond " + S3Bucket.MAX_PARTS + " parts of " + partSize
                        + " bytes; declare its size or raise the part size");
            }
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
            for (long at = position; chunk.hasRemaining(); ) {
                at += channel.write(chunk, at);
            }
            received(position, position + n);
            position += n;
        }
        return position - offset;
    }

    /** Records bytes {@code start}-{@code end} (exclusive) in their slots and sends the slots they fill. */
    private void received(long start, long end) throws IOException {
        for (long index = start / partSize; index * partSize < end; index++) {
            long slotStart = index * partSize;
            long length = slotLength(index);
            boolean full;
            long version;
            synchronized (this) {
                Slot slot = slots.computeIfAbsent(index, i -> new Slot());
                slot.coverage.add(Math.max(start, slotStart) - slotStart, Math.min(end, slotStart + partSize)
                        - slotStart);
                slot.version++;
                version = slot.version;
                full = length > 0 && slot.coverage.isComplete(length) && (declaredSize < 0 || declaredSize > partSize);
                if (full) {
                    slot.sentVersion = version;
                }
            }
            if (full) {
                send(index, length);
            }
        }
    }

    /** The length of slot {@code index} once whole: the part size, less for the last slot of a declared size. */
    private long slotLength(long index) {
        long slotStart = index * partSize;
        return declaredSize < 0 ? partSize : Math.max(0, Math.min(partSize, declaredSize - slotStart));
    }

    private void send(long index, long length) throws IOException {
        MultipartUpload target;
        synchronized (this) {
            if (upload == null) {
                upload = MultipartUpload.start(bucket, bucket.keys().stagingKey(UUID.randomUUID().toString()),
                        "application/octet-stream", Map.of());
            }
            target = upload;
        }
        target.sendRange((int) index + 1, spool, index * partSize, length);
    }

    @Override
    protected StoredFile commit(long size) throws IOException {
        if (!options().overwrite() && dir.exists(name())) {
            throw AlreadyExistsException.atName(name());
        }
        String sha256 = hash(size);
        checkSha256(sha256);
        StoredFile record = dir.record(name(), size, sha256, options());
        try {
            if (upload == null && size <= partSize) {
                channel.truncate(size);
                return dir.put(spool, record, options().overwrite());
            }
            upload.awaitParts();
            for (long index = 0; index * partSize < size; index++) {
                long length = Math.min(partSize, size - index * partSize);
                Slot slot = slots.get(index);
                if (slot.sentVersion != slot.version || slotLength(index) != length) {
                    slot.sentVersion = slot.version;
                    send(index, length);
                }
            }
            upload.complete(false);
            MultipartUpload staged = upload;
            upload = null;
            return dir.promote(staged.key(), record, options().overwrite());
        } catch (SdkException e) {
            throw bucket.failure("complete the upload of", name(), e);
        } finally {
            channel.close();
            Files.deleteIfExists(spool);
            dir.ended(this);
        }
    }

    private String hash(long size) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
        for (long position = 0; position < size; ) {
            buffer.clear().limit((int) Math.min(BUFFER_SIZE, size - position));
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("the spool ended at " + position + " of " + size + " bytes");
            }
            digest.update(buffer.flip());
            position += n;
        }
        return Sha256.hex(digest);
    }

    @Override
    protected void discard() throws IOException {
        try {
            if (upload != null) {
                S3UploadDir.abortQuietly(upload);
            }
        } finally {
            channel.close();
            Files.deleteIfExists(spool);
            dir.ended(this);
        }
    }
}
