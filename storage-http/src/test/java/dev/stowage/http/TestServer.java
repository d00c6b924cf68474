package dev.stowage.http;

import dev.stowage.api.Storage;
import dev.stowage.api.StowageConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link StowageServer} on a loopback port (a free one unless {@link StowageServer#PORT} is given) over a local
 * upload directory or a given backend, with an HTTP client.
 */
final class TestServer implements AutoCloseable {
    final StowageServer server;
    final HttpClient client = HttpClient.newHttpClient();

    private TestServer(StowageServer server) {
        this.server = server;
    }

    /** A server over a local upload directory {@code uploads} with {@code settings} over the test defaults. */
    static TestServer start(Path uploads, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put(StowageConfig.UPLOAD_DIR, uploads.toString());
        return new TestServer(StowageServer.start(config(all)));
    }

    static TestServer start(Path uploads) {
        return start(uploads, Map.of());
    }

    /** A server over {@code storage}, which closing the server closes, with {@code settings} over the defaults. */
    static TestServer serving(Storage storage, Map<String, String> settings) {
        return new TestServer(StowageServer.start(config(settings), storage));
    }

    private static StowageConfig config(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>();
        all.put(StowageServer.PORT, "0");
        all.put(StowageServer.SHUTDOWN_TIMEOUT, "500ms");
        all.putAll(settings);
        return StowageConfig.of(all);
    }

    /** The tus endpoint's URL. */
    URI tusEndpoint() {
        return uri(StowageServlets.TUS_PATH);
    }

    /** {@code path} (raw, already encoded) on this server. */
    URI uri(String path) {
        String base = server.url();
        return URI.create(base.substring(0, base.length() - 1) + path);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> sendForBytes(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return client.send(request.build(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)));
    }

    /** Sends {@code request} (a whole raw HTTP/1.1 request) over a socket and returns everything answered. */
    String raw(String request) {
        return raw(URI.create(server.url()).getPort(), request);
    }

    /** Sends {@code request} to the loopback {@code port} and returns everything answered. */
    static String raw(int port, String request) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status code of a raw answer. */
    static int status(String rawAnswer) {
        return Integer.parseInt(rawAnswer.substring(9, 12));
    }

    @Override
    public void close() {
        server.close();
    }
}
