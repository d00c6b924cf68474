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

/**
 * A chunked upload on local disk: every chunk is written at its offset into the upload's sparse data file
 * (see {@link UnfinishedUploads}), synced, and journalled as received, so memory holds one buffer per chunk in
 * flight whatever the file's size and a resumed handle knows what arrived. Completing hashes the file in order
 * and hands it to the directory's atomic commit.
 */
final class LocalChunkSink extends AbstractChunkSink {
    private static final int BUFFER_SIZE = 128 * 1024;

    private final UnfinishedUploads.Held upload;
    private final FileChannel channel;
    private final LocalUploadDir dir;

    /** The upload held by {@code upload}, of which {@code received} is on disk (nothing, when new). */
    LocalChunkSink(String uploadId, String name, SaveOptions options, Coverage received,
            UnfinishedUploads.Held upload, LocalUploadDir dir) {
        super(uploadId, name, options, received);
        this.upload = upload;
        this.channel = upload.data();
        this.dir = dir;
    }

    @Override
    protected long writeAt(long offset, InputStream data) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        long position = offset;
        for (int n; (n = data.readNBytes(buffer, 0, buffer.length)) > 0; ) {
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
            while (chunk.hasRemaining()) {
                position += channel.write(chunk, position);
            }
        }
        upload.recordReceived(offset, position);
        return position - offset;
    }

    @Override
    protected StoredFile commit(long size) throws IOException {
        if (channel.size() > size) {
            channel.truncate(size);
        }
        MessageDigest digest = Sha256.newDigest();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
        for (long position = 0; position < size; ) {
            buffer.clear();
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("upload data ended at " + position + " of " + size + " bytes");
            }
            digest.update(buffer.flip());
            position += n;
        }
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
        upload.close();
    }
}
