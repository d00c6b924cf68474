package dev.stowage.local;

import dev.stowage.api.SaveOptions;
import dev.stowage.api.StoredFile;
import dev.stowage.api.spi.AbstractChunkSink;
import dev.stowage.api.spi.Coverage;
import dev.stowage.api.spi.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * A chunked upload on local disk: every chunk is written at its offset into the upload's sparse data file
 * (see {@link UnfinishedUploads}), synced, and journalled as received, so memory holds a few buffers per chunk
 * in flight whatever the file's size and a resumed handle knows what arrived. Chunks that arrive in order are
 * hashed as they arrive ({@link ArrivalDigest}): a {@link BackgroundFileWriter} writes and hashes each buffer
 * on threads of their own while the next is read, or, when its memory budget is spent, the request's thread
 * writes and hashes them itself. Completing hashes only the bytes that were not, and hands the file to the
 * directory's atomic commit.
 */
final class LocalChunkSink extends AbstractChunkSink {
    private static final int BUFFER_SIZE = 128 * 1024;

    private final UnfinishedUploads.Held upload;
    private final FileChannel channel;
    private final ArrivalDigest arrivalDigest;
    private final LocalUploadDir dir;

    /**
     * The upload held by {@code upload}, of which {@code received} is on disk (nothing, when new) and
     * {@code arrivalDigest} hashed.
     */
    LocalChunkSink(String uploadId, String name, SaveOptions options, Coverage received,
            UnfinishedUploads.Held upload, ArrivalDigest arrivalDigest, LocalUploadDir dir) {
        super(uploadId, name, options, received);
        this.upload = upload;
        this.channel = upload.data();
        this.arrivalDigest = arrivalDigest;
        this.dir = dir;
    }

    @Override
    protected long writeAt(long offset, InputStream data) throws IOException {
        MessageDigest hashing = arrivalDigest.begin(offset);
        long position = offset;
        boolean succeeded = false;
        try {
            Optional<BackgroundFileWriter> background = hashing == null ? Optional.empty()
                    : BackgroundFileWriter.start(channel, offset, EarlyWriteback.CHUNK_STEP, hashing);
            if (background.isPresent()) {
                try (BackgroundFileWriter writer = background.get()) {
                    position += writer.writeFrom(data);
                    upload.recordReceived(offset, position); // syncs while the hasher catches up
                    writer.awaitHashed();
                }
            } else {
                position += writeHere(offset, data, hashing);
                upload.recordReceived(offset, position);
            }
            succeeded = true;
        } finally {
            arrivalDigest.end(hashing, offset, position - offset, succeeded);
        }
        return position - offset;
    }

    /**
     * Writes all of {@code data} at {@code offset} on this thread, passing it through {@code hashing} unless
     * {@code null}; returns how many bytes.
     */
    private long writeHere(long offset, InputStream data, MessageDigest hashing) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        long position = offset;
        for (int n; (n = data.readNBytes(buffer, 0, buffer.length)) > 0; ) {
            if (hashing != null) {
                hashing.update(buffer, 0, n);
            }
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
            while (chunk.hasRemaining()) {
                position += channel.write(chunk, position);
            }
        }
        return position - offset;
    }

    /** Passes bytes {@code [start, end)} of the data file through {@code digest}. */
    private void hash(MessageDigest digest, long start, long end) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
        for (long position = start; position < end; ) {
            buffer.clear().limit((int) Math.min(BUFFER_SIZE, end - position));
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("upload data ended at " + position + " of " + end + " bytes");
            }
            digest.update(buffer.flip());
            position += n;
        }
    }

    @Override
    protected StoredFile commit(long size) throws IOException {
        if (channel.size() > size) {
            channel.truncate(size);
        }
        MessageDigest arrived = arrivalDigest.digest();
        boolean continues = arrived != null && arrivalDigest.hashedUntil() <= size;
        MessageDigest digest = continues ? arrived : Sha256.newDigest();
        hash(digest, continues ? arrivalDigest.hashedUntil() : 0, size);
        String sha256 = Sha256.hex(digest);
        checkSha256(sha256);
        SaveOptions options = options();
        StoredFile file = new StoredFile(name(), size, options.contentType(), sha256, options.originalFilename(),
                dir.clock().instant());
        boolean attached = dir.attachAndSync(upload.dataFile(), channel, file);
        StoredFile stored = dir.commit(upload.dataFile(), file, options.overwrite(), attached);
        upload.deleteQuietly();
        return stored;
    }

    @Override
    protected void discard() throws IOException {
        upload.delete();
    }

    @Override
    protected void release() throws IOException {
        try {
            dir.arrivalDigests().keep(uploadId(), arrivalDigest, upload.journalSize());
        } finally {
            upload.close();
        }
    }
}
