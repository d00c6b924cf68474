package dev.stowage.s3;

import dev.stowage.api.AlreadyExistsException;
import dev.stowage.api.NotFoundException;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.StorageId;
import dev.stowage.api.StoredFile;
import dev.stowage.api.spi.AbstractChunkSink;
import dev.stowage.api.spi.ChunkSinkState;
import dev.stowage.api.spi.Coverage;
import dev.stowage.api.spi.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A chunked upload to S3 as a multipart upload that any instance sharing the bucket can take up again by its
 * id (see {@link S3UnfinishedUploads}). The file is cut into fixed part-sized slots (the part size grows with a
 * declared size to stay within 10,000 parts); chunks of any size land in their slot's own spool file, and a slot
 * goes up as its part, its spool file deleted, as soon as all its bytes have arrived, whatever order they came
 * in. So the disk holds only parts still missing bytes, and memory one buffer per chunk in flight.
 *
 * <p>A part on S3 cannot be patched: bytes written again into a part that already went up are taken as a
 * retry of the same bytes and dropped. {@link #suspend()} keeps the parts that went up and, as a tail object,
 * the leading bytes of each part still missing bytes; bytes that arrived after a gap inside such a part are
 * dropped, and a resumed handle's {@link #bytesReceived()} says so. {@link #complete()} sends what is left, joins
 * the parts under the upload's data key and copies them onto the name with their metadata (a file of one part
 * goes up directly instead). The SHA-256 is computed as parts go up in order, else (parts out of order, a resumed
 * upload) by reading the joined parts back once. Completion, abort, close and every failure abort the multipart
 * upload and remove the spool files and the upload's objects.
 */
final class S3ChunkSink extends AbstractChunkSink {
    private static final int BUFFER_SIZE = 128 * 1024;

    private final S3UploadDir dir;
    private final S3Bucket bucket;
    private final S3UnfinishedUploads unfinished;
    private final long partSize;
    private final long declaredSize;
    private ChunkSinkState state;
    private MultipartUpload upload;
    /** The slots still missing bytes or not yet sent, by index. */
    private final Map<Long, Slot> slots = new HashMap<>();
    /** The indexes of slots that went up as parts. */
    private final Set<Long> sent = new HashSet<>();
    /** The SHA-256 of the parts sent while they went in order from the start; null once one did not. */
    private MessageDigest inOrderDigest;
    /** Where {@link #inOrderDigest} got to. */
    private long hashedUpTo;
    private final Object digestLock = new Object();
    /** The tail objects kept by an earlier handle: length by offset. */
    private final Map<Long, Long> keptTails;

    /** One part-sized slot of the file waiting on disk: which of its bytes arrived. */
    private static final class Slot {
        final Path file;
        final FileChannel channel;
        final Coverage coverage = new Coverage();
        boolean sent;

        Slot(Path file) throws IOException {
            this.file = file;
            this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }

        void delete() {
            try {
                channel.close();
            } catch (IOException e) {
                // deleted below all the same
            }
            S3UploadDir.deleteQuietly(file);
        }
    }

    /** A handle on the upload of {@code state}, opened with {@code options} (the state's, or with a listener). */
    private S3ChunkSink(ChunkSinkState state, SaveOptions options, Coverage received, S3UploadDir dir,
            MultipartUpload upload, Map<Long, Slot> slots, Set<Long> sent, Map<Long, Long> keptTails) {
        super(state.uploadId(), state.name(), options, received);
        this.dir = dir;
        this.bucket = dir.bucket();
        this.unfinished = dir.unfinished();
        this.state = state;
        this.partSize = Long.parseLong(state.backend().get(S3UnfinishedUploads.PART_SIZE));
        this.declaredSize = state.options().expectedSize();
        this.upload = upload;
        this.slots.putAll(slots);
        this.sent.addAll(sent);
        this.keptTails = keptTails;
        this.inOrderDigest = received.covered() == 0 ? Sha256.newDigest() : null;
    }

    /** Opens a new upload to {@code name}, keeping its state in the bucket, and holds it. */
    static S3ChunkSink open(String name, SaveOptions options, S3UploadDir dir) {
        S3Bucket bucket = dir.bucket();
        long partSize = bucket.partSizeFor(options.expectedSize() >= 0 ? options.expectedSize() : options.maxSize());
        ChunkSinkState state = new ChunkSinkState(StorageId.generate(), name, options,
                bucket.clock().instant(), Map.of(S3UnfinishedUploads.PART_SIZE, Long.toString(partSize)));
        dir.unfinished().hold(state.uploadId());
        try {
            dir.unfinished().saveState(state);
        } catch (RuntimeException e) {
            dir.unfinished().release(state.uploadId());
            throw e;
        }
        return new S3ChunkSink(state, options, new Coverage(), dir, null, Map.of(), Set.of(), Map.of());
    }

    /**
     * Takes up the unfinished upload {@code uploadId} with the parts that went up and the tails kept, and holds it.
     *
     * @throws NotFoundException when there is no such upload
     */
    static S3ChunkSink resume(String uploadId, S3UploadDir dir) throws IOException {
        S3UnfinishedUploads unfinished = dir.unfinished();
        unfinished.hold(uploadId);
        Map<Long, Slot> slots = new HashMap<>();
        try {
            ChunkSinkState state = unfinished.state(uploadId);
            long partSize = Long.parseLong(state.backend().get(S3UnfinishedUploads.PART_SIZE));
            Coverage received = new Coverage();
            Set<Long> sent = new HashSet<>();
            MultipartUpload upload = null;
            String multipartId = state.backend().get(S3UnfinishedUploads.MULTIPART_UPLOAD_ID);
            if (multipartId != null) {
                upload = MultipartUpload.resume(dir.bucket(), unfinished.dataKey(uploadId), multipartId)
                        .orElseThrow(() -> NotFoundException.forUpload(uploadId));
                for (Map.Entry<Integer, Long> part : upload.resumedPartSizes().entrySet()) {
                    long start = (part.getKey() - 1L) * partSize;
                    received.add(start, start + part.getValue());
                    sent.add(part.getKey() - 1L);
                }
            }
            Map<Long, Long> keptTails = unfinished.tails(uploadId);
            for (Map.Entry<Long, Long> tail : keptTails.entrySet()) {
                long offset = tail.getKey();
                if (offset % partSize == 0 && !sent.contains(offset / partSize)) {
                    Slot slot = new Slot(dir.bucket().newSpoolFile());
                    slots.put(offset / partSize, slot);
                    unfinished.readTail(uploadId, offset, tail.getValue(), slot.channel);
                    slot.coverage.add(0, tail.getValue());
                    received.add(offset, offset + tail.getValue());
                }
            }
            return new S3ChunkSink(state, state.options(), received, dir, upload, slots, sent, keptTails);
        } catch (IOException | RuntimeException e) {
            slots.values().forEach(Slot::delete);
            unfinished.release(uploadId);
            throw e;
        }
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
            for (int done = 0; done < n; ) {
                long at = position + done;
                long index = at / partSize;
                int length = (int) Math.min(n - done, (index + 1) * partSize - at);
                store(index, at - index * partSize, ByteBuffer.wrap(buffer, done, length));
                done += length;
            }
            position += n;
        }
        return position - offset;
    }

    /** Writes {@code bytes} at {@code at} into slot {@code index} and sends the slot when they fill it. */
    private void store(long index, long at, ByteBuffer bytes) throws IOException {
        Slot slot;
        synchronized (this) {
            if (sent.contains(index)) {
                return; // a retry of bytes in a part that already went up
            }
            slot = slots.get(index);
            if (slot == null) {
                slot = new Slot(bucket.newSpoolFile());
                slots.put(index, slot);
            }
        }
        synchronized (slot) {
            if (slot.sent) {
                return;
            }
            long end = at + bytes.remaining();
            for (long position = at; bytes.hasRemaining(); ) {
                position += slot.channel.write(bytes, position);
            }
            slot.coverage.add(at, end);
            long whole = slotLength(index);
            if (whole == 0 || !slot.coverage.isComplete(whole) || (declaredSize >= 0 && declaredSize <= partSize)) {
                return;
            }
        }
        send(index, slot);
    }

    /** The length of slot {@code index} once whole: the part size, less for the last slot of a declared size. */
    private long slotLength(long index) {
        long slotStart = index * partSize;
        return declaredSize < 0 ? partSize : Math.max(0, Math.min(partSize, declaredSize - slotStart));
    }

    /** Sends slot {@code index} as its part, starting the multipart upload (and noting it in the state) first. */
    private void send(long index, Slot slot) throws IOException {
        MultipartUpload target;
        synchronized (this) {
            if (sent.contains(index)) {
                return; // sent by a concurrent write that filled the slot too
            }
            if (upload == null) {
                upload = MultipartUpload.start(bucket, unfinished.dataKey(uploadId()), "application/octet-stream",
                        Map.of(), true);
                state = state.withBackend(S3UnfinishedUploads.MULTIPART_UPLOAD_ID, upload.id());
                unfinished.saveState(state);
            }
            target = upload;
            slots.remove(index);
            sent.add(index);
        }
        synchronized (slot) {
            slot.sent = true;
            slot.channel.close();
        }
        hashInOrder(index, slot.file);
        target.sendFile((int) index + 1, slot.file);
    }

    /** Adds the part in {@code file} to {@link #inOrderDigest} if it is the next one, else gives that digest up. */
    private void hashInOrder(long index, Path file) throws IOException {
        synchronized (digestLock) {
            if (inOrderDigest == null) {
                return;
            }
            if (index * partSize != hashedUpTo) {
                inOrderDigest = null;
                return;
            }
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), inOrderDigest)) {
                hashedUpTo += in.transferTo(OutputStream.nullOutputStream());
            }
        }
    }

    @Override
    protected StoredFile commit(long size) throws IOException {
        try {
            if (!options().overwrite() && dir.exists(name())) {
                throw AlreadyExistsException.atName(name());
            }
            if (upload == null && size <= partSize) {
                Slot only = slots.get(0L);
                if (only == null) {
                    only = new Slot(bucket.newSpoolFile());
                    slots.put(0L, only);
                }
                CheckedInputStream in = new CheckedInputStream(Files.newInputStream(only.file), new CRC32C());
                String sha256 = S3UploadDir.sha256(in);
                checkSha256(sha256);
                return dir.put(only.file, dir.record(name(), size, sha256, options()),
                        SpooledUpload.base64(in.getChecksum()), options().overwrite());
            }
            for (long index = 0; index * partSize < size; index++) {
                if (!sent.contains(index)) {
                    send(index, slots.get(index));
                }
            }
            upload.complete(false);
            String sha256 = inOrderDigest != null && hashedUpTo == size ? Sha256.hex(inOrderDigest)
                    : S3UploadDir.sha256(size == 0 ? InputStream.nullInputStream()
                            : new ObjectReader(bucket, name(), upload.key(), null, 0, size));
            checkSha256(sha256);
            return dir.promote(upload.key(), dir.record(name(), size, sha256, options()), options().overwrite());
        } catch (SdkException e) {
            throw bucket.failure("complete the upload of", name(), e);
        } finally {
            end(false);
        }
    }

    @Override
    protected void discard() {
        end(true);
    }

    /**
     * Ends the upload: aborts the multipart upload when {@code abort}, then removes the upload's objects and the
     * spool files of parts not sent and lets go of it.
     */
    private void end(boolean abort) {
        try {
            if (upload != null && abort) {
                S3UploadDir.abortQuietly(upload);
            }
            unfinished.delete(uploadId());
        } finally {
            letGo();
        }
    }

    @Override
    protected void release() throws IOException {
        try {
            if (upload != null) {
                upload.awaitParts();
            }
            for (Map.Entry<Long, Slot> slot : slots.entrySet()) {
                long leading = slot.getValue().coverage.contiguousFromStart();
                if (leading > 0 && leading != keptTails.getOrDefault(slot.getKey() * partSize, 0L)) {
                    slot.getValue().channel.force(false);
                    unfinished.saveTail(uploadId(), slot.getKey() * partSize, slot.getValue().file, leading);
                }
            }
            for (long offset : keptTails.keySet()) {
                if (sent.contains(offset / partSize)) {
                    unfinished.deleteTail(uploadId(), offset);
                }
            }
        } finally {
            letGo();
        }
    }

    /** Removes the spool files of the slots not sent and lets go of the upload. */
    private void letGo() {
        List.copyOf(slots.values()).forEach(Slot::delete);
        slots.clear();
        unfinished.release(uploadId());
        dir.ended(this);
    }
}
