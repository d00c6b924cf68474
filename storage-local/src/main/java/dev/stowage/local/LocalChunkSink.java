package dev.stowage.local;

import dev.stowage.api.SaveOptions;
import dev.stowage.api.StoredFile;
import dev.stowage.api.spi.AbstractChunkSink;
import dev.stowage.api.spi.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * A chunked upload on local disk: every chunk is written at its offset into one sparse staging file, so
 * memory holds one buffer per chunk in flight whatever the file's size. Completing syncs the file, hashes it
 * in order and hands it to the directory's atomic commit.
 */
final class LocalChunkSink extends AbstractChunkSink {
    private static final int BUFFER_SIZE = 128 * 1024;

    private final Path staged;
    private final FileChannel channel;
    private final LocalUploadDir dir;

    LocalChunkSink(String name, SaveOptions options, Path staged, LocalUploadDir dir) throws IOException {
        super(name, options);
        this.staged = staged;
        this.channel = FileChannel.open(staged, StandardOpenOption.READ, StandardOpenOption.WRITE);
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
        return position - offset;
    }

    @Override
    protected StoredFile commit(long size) throws IOException {
        if (channel.size() > size) {
            channel.truncate(size);
        }
        channel.force(true);
        MessageDigest digest = Sha256.newDigest();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
        for (long position = 0; position < size; ) {
            buffer.clear();
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("staging file ended at " + position + " of " + size + " bytes");
            }
            digest.update(buffer.flip());
            position += n;
        }
        channel.close();
        String sha256 = Sha256.hex(digest);
        checkSha256(sha256);
        SaveOptions options = options();
        return dir.commit(staged, new StoredFile(name(), size, options.contentType(), sha256,
                options.originalFilename(), dir.clock().instant()), options.overwrite());
    }

    @Override
    protected void discard() throws IOException {
        channel.close();
        Files.deleteIfExists(staged);
    }
}
