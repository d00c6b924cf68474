package dev.stowage.testkit;

import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * A stream of {@code length} pseudo-random bytes made on the fly from a seed: the same seed gives the same
 * bytes, and no more than one word of them is ever held, so tests can move files far larger than the heap.
 */
public final class GeneratedStream extends InputStream {
    private final SplittableRandom random;
    private long remaining;
    private long word;
    private int wordBytesLeft;

    public GeneratedStream(long seed, long length) {
        this.random = new SplittableRandom(seed);
        this.remaining = length;
    }

    @Override
    public int read() {
        if (remaining == 0) {
            return -1;
        }
        if (wordBytesLeft == 0) {
            word = random.nextLong();
            wordBytesLeft = 8;
        }
        remaining--;
        wordBytesLeft--;
        return (int) (word >>> (wordBytesLeft * 8)) & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (remaining == 0) {
            return length == 0 ? 0 : -1;
        }
        int n = (int) Math.min(length, remaining);
        int i = 0;
        while (i < n && wordBytesLeft > 0) {
            buffer[offset + i++] = (byte) read();
        }
        while (n - i >= 8) {
            long next = random.nextLong();
            for (int shift = 56; shift >= 0; shift -= 8) {
                buffer[offset + i++] = (byte) (next >>> shift);
            }
            remaining -= 8;
        }
        while (i < n) {
            buffer[offset + i++] = (byte) read();
        }
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, remaining);
    }
}
