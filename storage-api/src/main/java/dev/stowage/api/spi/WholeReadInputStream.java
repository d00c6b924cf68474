package dev.stowage.api.spi;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A filter over upload bytes that sees every byte through {@link #read(byte[], int, int)}: single-byte reads
 * go through it too, and skipping or marking is refused, since an upload is read whole exactly once.
 */
abstract class WholeReadInputStream extends FilterInputStream {

    WholeReadInputStream(InputStream in) {
        super(in);
    }

    @Override
    public abstract int read(byte[] buffer, int offset, int length) throws IOException;

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final long skip(long n) {
        throw new UnsupportedOperationException("an upload is read whole, never skipped");
    }

    @Override
    public final boolean markSupported() {
        return false;
    }
}
