package dev.stowage.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.testkit.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded {@code stowage-server.jar} as a newcomer runs it: {@code java -jar}, configured by environment
 * variables only. It finds the local backend through ServiceLoader, says where it listens, serves the page and
 * uploads, and on SIGTERM finishes an upload in flight, or fails it cleanly when the grace period ends.
 */
class RunnableJarIT {
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path tmp;
    Process process;
    Path log;
    int port;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    void start(String shutdownTimeout) throws IOException, InterruptedException {
        port = ServerProcess.freePort();
        log = tmp.resolve("server.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx128m", "-jar",
                System.getProperty("stowage.server.jar")).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("STOWAGE_HTTP_PORT", Integer.toString(port));
        builder.environment().put("STOWAGE_HTTP_SHUTDOWN_TIMEOUT", shutdownTimeout);
        process = builder.start();
        awaitLog("Stowage is serving the local backend at http://127.0.0.1:" + port + "/");
    }

    /** Waits until the server has written {@code text}; fails if it exits first. */
    void awaitLog(String text) throws IOException, InterruptedException {
        while (!logText().contains(text)) {
            assertTrue(process.isAlive() || logText().contains(text), "the server exited:\n" + logText());
            Thread.sleep(20);
        }
    }

    String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Test
    void startsOnTheLocalBackendAndServesThePageAndUploads() throws Exception {
        start("30s");
        HttpResponse<String> page = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Drop files here"), page.body());
        String answer = upload("hello.txt", "hello from the jar");
        assertTrue(answer.startsWith("HTTP/1.1 201"), answer);
        assertEquals(1, storedFiles().size());
    }

    @Test
    void stoppingFinishesAnUploadInFlight() throws Exception {
        start("30s");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            String first = part("first.txt", "stored while the request goes on");
            String rest = part("late.txt", "sent before and after the stop") + "--XyZ--\r\n";
            OutputStream out = startUpload(socket, first, rest, 20);
            process.destroy();
            awaitLog("Stowage is stopping");
            out.write(rest.substring(20).getBytes(StandardCharsets.UTF_8));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 201"), answer + "\n" + logText());
        }
        assertEquals(143, process.waitFor(), logText());
        assertTrue(logText().contains("Stowage stopped"), logText());
        assertEquals(2, storedFiles().size());
    }

    @Test
    void anUploadStillUnfinishedWhenTheGracePeriodEndsLeavesNothing() throws Exception {
        start("1s");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            String first = part("first.txt", "removed again when the request fails");
            String rest = part("never.txt", "x".repeat(100_000)) + "--XyZ--\r\n";
            startUpload(socket, first, rest, 50_000);
            process.destroy();
            process.waitFor();
        }
        assertTrue(logText().contains("Stowage stopped"), logText());
        assertEquals(List.of(), storedFiles());
        start("30s");
        try (Stream<Path> files = Files.walk(tmp.resolve("uploaded_files").resolve(".stowage").resolve("staging"))) {
            assertEquals(List.of(), files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(".lock")).toList());
        }
    }

    /**
     * Sends the first part whole and {@code cut} characters of the rest, and returns once the server has stored
     * the first part: the request is then being handled.
     */
    private OutputStream startUpload(Socket socket, String first, String rest, int cut)
            throws IOException, InterruptedException {
        OutputStream out = socket.getOutputStream();
        out.write((headers(first.length() + rest.length()) + first + rest.substring(0, cut))
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        while (storedFiles().isEmpty()) {
            assertTrue(process.isAlive(), logText());
            Thread.sleep(20);
        }
        return out;
    }

    private List<Path> storedFiles() throws IOException {
        Path dir = tmp.resolve("uploaded_files");
        if (Files.notExists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private String upload(String filename, String content) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            String body = part(filename, content) + "--XyZ--\r\n";
            OutputStream out = socket.getOutputStream();
            out.write((headers(body.length()) + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String headers(int length) {
        return "POST /_upload HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: " + length + "\r\n\r\n";
    }

    private static String part(String filename, String content) {
        return "--XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + filename
                + "\"\r\nContent-Type: text/plain\r\n\r\n" + content + "\r\n";
    }
}
