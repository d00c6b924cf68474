package dev.stowage.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A request body that fails with 413 as soon as more than its limit of bytes arrives. */
final class RequestBodyLimit extends FilterInputStream {
    private final long limit;
    private long count;

    RequestBodyLimit(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    private void counted(int n) {
        count += n;
        if (count > limit) {
            throw HttpFailure.tooLarge("The request body exceeds the limit of " + limit + " bytes; nothing was stored");
        }
    }
}
