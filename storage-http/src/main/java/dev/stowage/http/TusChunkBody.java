package dev.stowage.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * The body of a tus PATCH as a chunk sink reads it: at most the bytes the upload still lacks, and ended
 * (not failed) when the client goes away. tus keeps what arrived before an interruption, whereas a chunk sink
 * whose data fails aborts the whole upload; so a broken connection ends this stream early, and
 * {@link #interrupted()} tells the endpoint afterwards. Bytes beyond the upload's length are not passed on:
 * the stream ends there and {@link #overflowed()} says so.
 */
final class TusChunkBody extends InputStream {
    private final InputStream in;
    private long remaining;
    private boolean interrupted;
    private boolean overflowed;

    /** The body {@code in}, of which at most {@code remaining} bytes are passed on. */
    TusChunkBody(InputStream in, long remaining) {
        this.in = in;
        this.remaining = remaining;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (interrupted || overflowed) {
            return -1;
        }
        try {
            if (remaining == 0) {
                overflowed = in.read() >= 0;
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        } catch (IOException e) {
            interrupted = true;
            return -1;
        }
    }

    /** Whether the client's body broke off before its end. */
    boolean interrupted() {
        return interrupted;
    }

    /** Whether the body went on past the upload's length. */
    boolean overflowed() {
        return overflowed;
    }
}
