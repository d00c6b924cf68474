package dev.stowage.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpStatus;

/**
 * Fails a request whose body arrives slower than a minimum average rate, counted over the time the server spends
 * blocked waiting for it: the read that would take the next byte throws a 408 {@link BadMessageException}, so the
 * upload fails, leaves nothing behind, and the connection is closed. It ends the upload that sends each byte just
 * inside the idle timeout, which would otherwise hold a request thread as long as it likes. The first
 * {@value #GRACE_SECONDS} s of waiting are never judged, so one short stall of a slow link passes.
 *
 * <p>Only waiting counts, never the time the server spends storing what arrived: Jetty's own
 * {@code HttpConfiguration.setMinRequestDataRate} counts from the first byte whatever the server did meanwhile,
 * and so failed small uploads that had arrived whole whenever a busy disk made their save slow.
 */
final class MinimumDataRate implements Filter {
    private static final long GRACE_SECONDS = 1;

    private final long bytesPerSecond;

    /** A filter requiring {@code bytesPerSecond} (at least 1). */
    MinimumDataRate(long bytesPerSecond) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("a minimum data rate is at least 1 byte per second: " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {
            private ServletInputStream body;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (body == null) {
                    body = new Measured(super.getInputStream(), bytesPerSecond);
                }
                return body;
            }
        }, response);
    }

    /** A request body that measures how long its reads wait and fails once the average falls too low. */
    static final class Measured extends ServletInputStream {
        private final ServletInputStream in;
        private final long bytesPerSecond;
        private long bytes;
        private long waitedNanos;

        Measured(ServletInputStream in, long bytesPerSecond) {
            this.in = in;
            this.bytesPerSecond = bytesPerSecond;
        }

        @Override
        public int read() throws IOException {
            long began = System.nanoTime();
            int b = in.read();
            count(began, b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            long began = System.nanoTime();
            int n = in.read(buffer, offset, length);
            count(began, Math.max(n, 0));
            return n;
        }

        private void count(long began, int read) {
            waitedNanos += System.nanoTime() - began;
            bytes += read;
            double waitedSeconds = waitedNanos / 1e9;
            if (waitedSeconds > GRACE_SECONDS && bytes < bytesPerSecond * waitedSeconds) {
                throw new BadMessageException(HttpStatus.REQUEST_TIMEOUT_408, String.format(
                        "The request body arrived at %.1f bytes/s, below the minimum of %d", bytes / waitedSeconds,
                        bytesPerSecond));
            }
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
