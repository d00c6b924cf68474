package dev.stowage.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/** One {@link ByteRange} of a stream read from the first byte: skipped to the start, ended after the length. */
final class RangeInputStream extends FilterInputStream {
    private long remaining;

    private RangeInputStream(InputStream in, long length) {
        super(in);
        this.remaining = length;
    }

    /**
     * {@code range} of {@code whole}, which it takes over (and closes on failure).
     *
     * @throws RangeNotSatisfiableException when {@code whole} ends before the range starts
     */
    static InputStream of(InputStream whole, ByteRange range, String name) {
        PushbackInputStream in = new PushbackInputStream(whole, 1);
        try {
            long skipped = 0;
            while (skipped < range.offset()) {
                long n = in.skip(range.offset() - skipped);
                if (n <= 0) {
                    if (in.read() < 0) {
                        break;
                    }
                    n = 1;
                }
                skipped += n;
            }
            int next = in.read();
            if (next < 0) {
                range.clip(name, skipped);
            } else {
                in.unread(next);
            }
            return new RangeInputStream(in, range.length());
        } catch (IOException | RuntimeException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof IOException io ? StorageIOException.during("read", name, io) : (RuntimeException) e;
        }
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int b = in.read();
        if (b >= 0) {
            remaining--;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining <= 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n > 0) {
            remaining -= n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(Math.min(n, remaining));
        remaining -= skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
    }
}
