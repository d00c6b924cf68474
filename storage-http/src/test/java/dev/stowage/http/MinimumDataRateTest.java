package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.http.BadMessageException;
import org.junit.jupiter.api.Test;

/**
 * {@link MinimumDataRate} judges the client, never the server: a body that has arrived passes however long the
 * server pauses between its reads, and one whose every read waits for a byte fails with 408 once the grace is over.
 */
class MinimumDataRateTest {
    private static final int PAUSE_MILLIS = 300;

    @Test
    void aBodyThatArrivedPassesHoweverSlowlyTheServerReadsIt() throws Exception {
        byte[] body = "a small body that arrived in one segment".getBytes();
        InputStream measured = new MinimumDataRate.Measured(new Body(new ByteArrayInputStream(body), 0), 1 << 20);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        for (int b = measured.read(); b >= 0; b = measured.read()) {
            read.write(b);
            Thread.sleep(PAUSE_MILLIS / 10); // storing what arrived: far slower than 1 MiB/s, and it must not count
        }
        assertArrayEquals(body, read.toByteArray());
    }

    @Test
    void aBodyWhoseReadsWaitForEachByteFailsWith408() {
        InputStream measured = new MinimumDataRate.Measured(new Body(new ByteArrayInputStream(new byte[100]),
                PAUSE_MILLIS), 100);
        BadMessageException refused = assertThrows(BadMessageException.class, () -> measured.readAllBytes());
        assertEquals(408, refused.getCode());
    }

    /** A request body over {@code bytes} whose every read first waits {@code waitMillis}, as for a slow client. */
    private static final class Body extends ServletInputStream {
        private final InputStream bytes;
        private final long waitMillis;

        Body(InputStream bytes, long waitMillis) {
            this.bytes = bytes;
            this.waitMillis = waitMillis;
        }

        @Override
        public int read() throws IOException {
            waitForClient();
            return bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            waitForClient();
            return bytes.read(buffer, offset, Math.min(length, 1));
        }

        private void waitForClient() throws IOException {
            try {
                Thread.sleep(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        @Override
        public boolean isFinished() {
            return false;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException();
        }
    }
}
