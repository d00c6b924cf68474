package dev.stowage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The bytes of one range of a file as a stream of its own, read with positional reads, such as the received
 * leading bytes of a part's spool file kept as a tail object. Ends early only if the file is shorter than the
 * range.
 */
final class FileRangeStream extends InputStream {
    private final FileChannel channel;
    private long position;
    private final long end;

    private FileRangeStream(FileChannel channel, long offset, long length) {
        this.channel = channel;
        this.position = offset;
        this.end = offset + length;
    }

    /** {@code length} bytes of {@code file} from {@code offset}. */
    static InputStream open(Path file, long offset, long length) {
        try {
            return new FileRangeStream(FileChannel.open(file, StandardOpenOption.READ), offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the spool file " + file, e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (position >= end) {
            return -1;
        }
        int n = channel.read(ByteBuffer.wrap(buffer, offset, (int) Math.min(length, end - position)), position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
