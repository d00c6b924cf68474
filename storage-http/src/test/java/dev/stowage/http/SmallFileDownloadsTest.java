package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.stowage.api.SaveOptions;
import dev.stowage.api.Storage;
import dev.stowage.api.StoredFile;
import dev.stowage.api.StowageConfig;
import dev.stowage.local.LocalStorage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SmallFileDownloads} answers the requests it takes exactly as the servlets would, and hands every other
 * request on: the standalone server is compared, request by request, with the servlets alone on a plain Jetty
 * server over the same storage, and the handler is run in front of a stand-in that marks what reaches it.
 */
class SmallFileDownloadsTest {
    private static final String ORIGIN = "https://app.example";
    private static final Map<String, String> SETTINGS = Map.of(HttpSettings.CORS_ORIGINS, ORIGIN);
    private static final Pattern BOUNDARY = Pattern.compile("stowage-[0-9a-f-]{36}");

    @TempDir
    static Path tmp;
    static TestServer stowage;
    static Server servletsAlone;
    static StoredFile numbers;

    @BeforeAll
    static void start() throws Exception {
        stowage = TestServer.start(tmp.resolve("uploads"), SETTINGS);
        Storage storage = stowage.server.storage();
        numbers = save(storage, "docs/numbers.txt", "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII),
                "text/plain", "Zahlen ü.txt");
        save(storage, "page.html", "<p>hi</p>".getBytes(StandardCharsets.US_ASCII), "text/html", null);
        save(storage, "empty.bin", new byte[0], "application/octet-stream", null);
        save(storage, "a b.txt", "spaced".getBytes(StandardCharsets.US_ASCII), "text/plain", null);
        save(storage, "utf.txt", "grüße".getBytes(StandardCharsets.UTF_8), "text/plain; charset=UTF-8", null);
        save(storage, "big.bin", new byte[SmallFileDownloads.MAX_SIZE + 1], "application/octet-stream", null);
        servletsAlone = servletsAlone(storage, HttpSettings.from(StowageConfig.of(SETTINGS), true));
    }

    @AfterAll
    static void stop() throws Exception {
        servletsAlone.stop();
        stowage.close();
    }

    private static StoredFile save(Storage storage, String name, byte[] data, String type, String original) {
        return storage.dir().save(name, new ByteArrayInputStream(data),
                SaveOptions.builder().contentType(type).originalFilename(original).build());
    }

    /** The servlets as another container would mount them, without the standalone server's short way. */
    private static Server servletsAlone(Storage storage, HttpSettings settings) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        StowageServlets.mount(context, storage, settings);
        server.setHandler(context);
        server.start();
        return server;
    }

    @Test
    void answersEveryDownloadRequestAsTheServletsDo() {
        String etag = "\"" + numbers.sha256() + "\"";
        String modified = RangedResponse.httpDate(numbers.created());
        String before = RangedResponse.httpDate(Instant.parse("2000-01-01T00:00:00Z"));
        String after = RangedResponse.httpDate(Instant.now().plus(Duration.ofDays(1)));
        List<String> requests = new ArrayList<>();
        for (String method : List.of("GET", "HEAD")) {
            for (String path : List.of("/_upload/docs/numbers.txt", "/_upload/page.html", "/_upload/empty.bin",
                    "/_upload/big.bin", "/_upload/a%20b.txt", "/_upload/utf.txt", "/_upload/missing.txt",
                    "/_upload/docs",
                    "/_upload/docs/numbers.txt?download=n.txt", "/_upload/docs/./numbers.txt",
                    "/_upload/docs/../page.html", "/_upload/%2e%2e/x", "/_upload/", "/_upload", "/_upload//x",
                    "/_upload/docs%2Fnumbers.txt", "/_upload/.stowage/x")) {
                requests.add(request(method, path));
            }
            String numbersPath = "/_upload/docs/numbers.txt";
            for (String header : List.of("Origin: " + ORIGIN, "Origin: https://evil.example",
                    "If-None-Match: " + etag, "If-None-Match: W/" + etag, "If-None-Match: \"other\", " + etag,
                    "If-None-Match: \"other\"", "If-None-Match: *", "If-Modified-Since: " + modified,
                    "If-Modified-Since: " + before, "If-Modified-Since: " + after, "If-Modified-Since: nonsense",
                    "If-Match: \"other\"", "If-Match: " + etag, "If-Unmodified-Since: " + before,
                    "Range: bytes=0-4", "Range: bytes=2-3,5-8", "Range: bytes=100-200", "Range: nonsense",
                    "If-Range: " + etag + "\r\nRange: bytes=1-2", "If-Range: \"other\"\r\nRange: bytes=1-2",
                    "If-Range: " + etag, "Origin: " + ORIGIN + "\r\nIf-None-Match: " + etag)) {
                requests.add(request(method, numbersPath, header));
            }
        }
        requests.add(request("OPTIONS", "/_upload/docs/numbers.txt", "Origin: " + ORIGIN,
                "Access-Control-Request-Method: GET"));
        requests.add(request("DELETE", "/_upload/docs/numbers.txt"));
        requests.add(request("GET", "/_stowage/tus"));
        int port = ((ServerConnector) servletsAlone.getConnectors()[0]).getLocalPort();
        for (String request : requests) {
            assertEquals(comparable(TestServer.raw(port, request)), comparable(stowage.raw(request)), request);
        }
    }

    @Test
    void answersWithTheBytesTheRecordDescribesWhenAFileChanges() throws Exception {
        Storage storage = stowage.server.storage();
        int port = ((ServerConnector) servletsAlone.getConnectors()[0]).getLocalPort();
        String get = request("GET", "/_upload/changing.txt");
        save(storage, "changing.txt", "one!".getBytes(StandardCharsets.US_ASCII), "text/plain", null);
        assertTrue(stowage.raw(get).endsWith("\r\n\r\none!"));
        StoredFile replaced = storage.dir().save("changing.txt",
                new ByteArrayInputStream("two!".getBytes(StandardCharsets.US_ASCII)),
                SaveOptions.builder().contentType("text/plain").overwrite(true).build());
        // Before it is asked for again, its bytes are changed in place behind the record's back, modification time
        // and all: what is read then is not kept, so once they are changed back the answer is the record's bytes.
        Path file = tmp.resolve("uploads/changing.txt");
        FileTime modified = Files.getLastModifiedTime(file);
        for (String bytes : List.of("bad!", "two!")) {
            Files.writeString(file, bytes, StandardOpenOption.WRITE);
            Files.setLastModifiedTime(file, modified);
            String answer = stowage.raw(get);
            assertEquals(comparable(TestServer.raw(port, get)), comparable(answer), bytes);
            assertTrue(answer.endsWith("\r\n\r\n" + bytes), answer);
            assertTrue(answer.contains("ETag: \"" + replaced.sha256() + "\""), answer);
        }
    }

    @Test
    void answersSmallFilesItselfAndHandsTheRestOn() throws Exception {
        try (LocalStorage storage = LocalStorage.open(tmp.resolve("own"))) {
            save(storage, "small.txt", "tiny".getBytes(StandardCharsets.US_ASCII), "text/plain", null);
            save(storage, "large.bin", new byte[SmallFileDownloads.MAX_SIZE + 1], "application/octet-stream",
                    null);
            save(storage, "typed.txt", "tiny".getBytes(StandardCharsets.US_ASCII), "text/plain; charset=UTF-8",
                    null);
            String etag = "\"" + storage.dir().stat("small.txt").sha256() + "\"";
            AtomicInteger handedOn = new AtomicInteger();
            RequestsInFlight requests = new RequestsInFlight();
            HttpSettings settings = HttpSettings.defaults();
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            server.setHandler(new SmallFileDownloads(storage, settings, new CorsFilter(settings), requests,
                    new Handler.Abstract() {
                        @Override
                        public boolean handle(Request request, Response response, Callback callback) {
                            handedOn.incrementAndGet();
                            response.setStatus(202);
                            Content.Sink.write(response, true, "handed on", callback);
                            return true;
                        }
                    }));
            server.start();
            try {
                int port = connector.getLocalPort();
                String got = TestServer.raw(port, request("GET", "/_upload/small.txt"));
                assertEquals(200, TestServer.status(got));
                assertTrue(got.endsWith("\r\n\r\ntiny"), got);
                assertEquals(200, TestServer.status(TestServer.raw(port, request("HEAD", "/_upload/small.txt"))));
                assertEquals(304, TestServer.status(TestServer.raw(port,
                        request("GET", "/_upload/small.txt", "If-None-Match: " + etag))));
                assertEquals(0, handedOn.get(), "plain downloads of a small file are answered by the handler");
                for (String request : List.of(request("GET", "/_upload/large.bin"),
                        request("GET", "/_upload/typed.txt"),
                        request("GET", "/_upload/small.txt?download=a.txt"),
                        request("GET", "/_upload/small.txt", "Range: bytes=0-1"),
                        request("GET", "/_upload/small.txt", "If-Match: \"other\""),
                        request("GET", "/_upload/missing.txt"), request("GET", "/_upload/a%20b.txt"),
                        request("POST", "/_upload/small.txt"), request("GET", "/_upload/"),
                        request("GET", "/elsewhere/small.txt"))) {
                    int handedBefore = handedOn.get();
                    assertEquals(202, TestServer.status(TestServer.raw(port, request)), request);
                    assertEquals(handedBefore + 1, handedOn.get(), request);
                }
            } finally {
                server.stop();
            }
            requests.awaitNone(Duration.ofSeconds(5), running -> fail(running + " request(s) never counted out"));
        }
    }

    private static String request(String method, String path, String... headers) {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return request.append("Connection: close\r\n\r\n").toString();
    }

    /** A raw answer without its Date header, and with its multipart boundary (random per answer) named alike. */
    private static String comparable(String answer) {
        String[] lines = answer.split("\r\n", -1);
        String kept = String.join("\r\n", Arrays.stream(lines).filter(line -> !line.startsWith("Date: ")).toList());
        Matcher boundary = BOUNDARY.matcher(kept);
        return boundary.replaceAll("stowage-BOUNDARY");
    }
}
