package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.PresignedUpload;
import dev.stowage.api.UploadPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that sends its body one byte every few seconds, over a raw socket to the standalone server with a
 * one-second {@value StowageServer#IDLE_TIMEOUT}: the server drops it at the idle timeout, stores nothing, and
 * goes on serving, instead of holding a thread for as long as the client likes.
 */
class SlowClientTest {
    private static final Duration PAUSE = Duration.ofSeconds(3);
    /** Catches only a server that never lets go: far beyond the idle timeout, short of the trickle's end. */
    private static final int HANG_MILLIS = 60_000;
    private static final int TRICKLED_BYTES = 40;

    @TempDir
    Path tmp;

    @Test
    void aTricklingBodyIsDroppedAtTheIdleTimeout() throws Exception {
        try (TestServer server = TestServer.start(tmp.resolve("uploads"),
                Map.of(StowageServer.IDLE_TIMEOUT, "1s"))) {
            PresignedUpload upload = server.server.storage().urls().presignUpload("slow.bin", UploadPolicy.defaults());
            URI url = upload.url();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), URI.create(server.server.url())
                    .getPort())) {
                socket.setSoTimeout(HANG_MILLIS);
                OutputStream out = socket.getOutputStream();
                out.write(("PUT " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Length: 1000\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                Thread trickle = new Thread(() -> trickle(out), "trickle");
                trickle.setDaemon(true);
                trickle.start();
                String answer = readUntilClosed(socket.getInputStream());
                assertFalse(answer.startsWith("HTTP/1.1 2"), answer);
                assertTrue(trickle.isAlive(), "the server let go before the client stopped sending");
            }
            assertFalse(server.server.storage().dir().exists("slow.bin"), "nothing of the trickle is stored");
            assertEquals(404, server.get("/_upload/missing.txt").statusCode(),
                    "the server goes on serving");
        }
    }

    private static void trickle(OutputStream out) {
        try {
            for (int i = 0; i < TRICKLED_BYTES; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(PAUSE.toMillis());
            }
        } catch (IOException | InterruptedException closed) {
            // the server dropped the connection: what the test waits for
        }
    }

    /** Everything answered until the server closes the connection (a reset counts as closed). */
    private static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                answer.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // closed hard: as good as closed
        }
        return answer.toString(StandardCharsets.ISO_8859_1);
    }
}
