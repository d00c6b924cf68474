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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clients that send their body a byte at a time, over a raw socket to the standalone server: one pausing longer
 * than the one-second {@value StowageServer#IDLE_TIMEOUT} is dropped at the idle timeout; one sending each byte
 * well inside the idle timeout, yet slower than {@value StowageServer#MIN_REQUEST_DATA_RATE}, is dropped by the
 * rate check. Either way the server stores nothing, leaves no staging behind, and goes on serving, instead of
 * holding a thread for as long as the client likes.
 */
class SlowClientTest {
    /** Catches only a server that never lets go: far beyond both limits, far short of the trickle's end. */
    private static final int HANG_MILLIS = 60_000;
    private static final int BODY_BYTES = 1000;
    private static final String BOUNDARY = "----StowageSlowClient";

    @TempDir
    Path tmp;

    @Test
    void aBodyPausingLongerThanTheIdleTimeoutIsDropped() throws Exception {
        Path uploads = tmp.resolve("uploads");
        try (TestServer server = TestServer.start(uploads, Map.of(StowageServer.IDLE_TIMEOUT, "1s",
                StowageServer.MIN_REQUEST_DATA_RATE, "0"))) {
            trickle(server, "signed PUT", Duration.ofSeconds(3));
        }
        assertNothingStored(uploads);
    }

    @ParameterizedTest
    @ValueSource(strings = {"signed PUT", "multipart"})
    void aBodyTricklingInsideTheIdleTimeoutIsDroppedBelowTheMinimumRate(String kind) throws Exception {
        Path uploads = tmp.resolve("uploads");
        try (TestServer server = TestServer.start(uploads, Map.of(StowageServer.IDLE_TIMEOUT, "2s",
                StowageServer.MIN_REQUEST_DATA_RATE, "100"))) {
            trickle(server, kind, Duration.ofMillis(250));
        }
        assertNothingStored(uploads);
    }

    /**
     * Sends a {@code kind} upload's head at once and its body one byte every {@code pause} until the server ends
     * the connection, which it must do without a success and before the body is complete.
     */
    private static void trickle(TestServer server, String kind, Duration pause) throws IOException {
        String head;
        if (kind.equals("multipart")) {
            String partHead = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; "
                    + "filename=\"slow.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n";
            String tail = "\r\n--" + BOUNDARY + "--\r\n";
            head = "POST " + URI.create(server.server.url()).getPath() + "_upload HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\nContent-Length: "
                    + (partHead.length() + BODY_BYTES + tail.length()) + "\r\n\r\n" + partHead;
        } else {
            PresignedUpload upload = server.server.storage().urls().presignUpload("slow.bin",
                    UploadPolicy.defaults());
            URI url = upload.url();
            head = "PUT " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Length: " + BODY_BYTES + "\r\n\r\n";
        }
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(),
                URI.create(server.server.url()).getPort())) {
            socket.setSoTimeout(HANG_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread trickle = new Thread(() -> trickle(out, pause), "trickle");
            trickle.setDaemon(true);
            trickle.start();
            String answer = readUntilClosed(socket.getInputStream());
            assertFalse(answer.startsWith("HTTP/1.1 2"), answer);
            assertTrue(trickle.isAlive(), "the server let go only when the client stopped sending");
        }
        assertFalse(server.server.storage().dir().exists("slow.bin"), "nothing of the trickle is stored");
        assertEquals(404, server.get("/_upload/missing.txt").statusCode(), "the server goes on serving");
    }

    private static void trickle(OutputStream out, Duration pause) {
        try {
            for (int i = 0; i < BODY_BYTES; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(pause.toMillis());
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

    /** Once the server has stopped (its request threads gone): no file stored, and no staged bytes left. */
    private static void assertNothingStored(Path uploads) throws IOException {
        try (Stream<Path> files = Files.walk(uploads)) {
            List<String> left = files.filter(Files::isRegularFile).map(p -> uploads.relativize(p).toString())
                    .filter(p -> !p.startsWith(".stowage/") || p.startsWith(".stowage/staging/")
                            && !p.endsWith("/.lock"))
                    .toList();
            assertEquals(List.of(), left, "files left by the dropped upload");
        }
    }
}
