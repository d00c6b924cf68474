package dev.stowage.bench;

import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * {@code length} bytes that repeat one random mebibyte: random enough that nothing compresses it, cheap
 * enough (a memory copy) that making the bytes never limits what is measured.
 */
final class Payload extends InputStream {
    private static final byte[] BLOCK = randomBlock();

    private final long length;
    private long position;

    Payload(long length) {
        this.length = length;
    }

    private static byte[] randomBlock() {
        byte[] block = new byte[1 << 20];
        new SplittableRandom(6).nextBytes(block);
        return block;
    }

    /** All the bytes, for payloads small enough to hold. */
    byte[] readAllBytesQuietly() {
        byte[] bytes = new byte[Math.toIntExact(length - position)];
        for (int done = 0; done < bytes.length; ) {
            done += read(bytes, done, bytes.length - done);
        }
        return bytes;
    }

    @Override
    public int read() {
        return position < length ? BLOCK[(int) (position++ % BLOCK.length)] & 0xff : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) {
        if (count == 0) {
            return 0;
        }
        if (position >= length) {
            return -1;
        }
        int within = (int) (position % BLOCK.length);
        int n = (int) Math.min(Math.min(count, BLOCK.length - within), length - position);
        System.arraycopy(BLOCK, within, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, length - position);
    }

    @Override
    public void close() {
        // nothing held
    }
}
