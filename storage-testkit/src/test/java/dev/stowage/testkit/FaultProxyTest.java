package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault proxy forwards HTTP/1.1 faithfully and breaks exactly the requests its rules pick. */
class FaultProxyTest {
    private static final byte[] BIG = new byte[300_000];

    static {
        new Random(7).nextBytes(BIG);
    }

    private HttpServer server;
    private FaultProxy proxy;
    private final AtomicInteger served = new AtomicInteger();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/big", exchange -> {
            served.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, BIG.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BIG);
            }
        });
        server.createContext("/chunked", exchange -> {
            served.incrementAndGet();
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BIG, 0, 100_000);
                out.flush();
                out.write(BIG, 100_000, BIG.length - 100_000);
            }
        });
        server.createContext("/echo", exchange -> {
            served.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        proxy = FaultProxy.start("127.0.0.1", server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        proxy.close();
        server.stop(0);
    }

    private URI uri(String path) {
        return URI.create(proxy.url() + path);
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void forwardsRequestsAndResponsesOnKeptAliveConnections() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(BIG, get("/big").body());
            assertArrayEquals(BIG, get("/chunked").body());
            HttpResponse<byte[]> echo = client.send(HttpRequest.newBuilder(uri("/echo?x=" + i))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(BIG)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertArrayEquals(BIG, echo.body());
        }
        assertEquals(15, proxy.requests());
        assertEquals(0, proxy.injected());
    }

    @Test
    void forwardsChunkedAndExpectContinueUploads() throws Exception {
        HttpURLConnection connection = (HttpURLConnection) new URL(proxy.url() + "/echo").openConnection();
        connection.setDoOutput(true);
        connection.setChunkedStreamingMode(4096);
        connection.setRequestProperty("Expect", "100-continue");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(BIG);
        }
        assertEquals(200, connection.getResponseCode());
        try (InputStream in = connection.getInputStream()) {
            assertArrayEquals(BIG, in.readAllBytes());
        }
    }

    @Test
    void answersWithAnInjectedErrorInsteadOfForwarding() throws Exception {
        proxy.when(r -> r.path().equals("/big"), FaultProxy.Fault.s3SlowDown()).times(2);
        HttpResponse<byte[]> first = get("/big");
        assertEquals(503, first.statusCode());
        assertTrue(new String(first.body()).contains("<Code>SlowDown</Code>"));
        assertEquals(503, get("/big").statusCode());
        assertArrayEquals(BIG, get("/big").body());
        assertEquals(1, served.get(), "the injected answers never reached the server");
        assertEquals(Map.of("respond-503", 2), proxy.injectedByKind());
    }

    @Test
    void resetsRequestsAndResponsesAfterSoManyBytes() throws Exception {
        proxy.when(r -> r.method().equals("POST"), FaultProxy.Fault.resetRequest(1000)).times(1);
        assertThrows(IOException.class, () -> client.send(HttpRequest.newBuilder(uri("/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(BIG)).build(), HttpResponse.BodyHandlers.ofByteArray()));
        proxy.when(r -> r.query().equals("cut"), FaultProxy.Fault.resetResponse(50_000)).times(1);
        assertThrows(IOException.class, () -> get("/big?cut"));
        assertArrayEquals(BIG, get("/big?cut").body());
        assertEquals(2, proxy.injected());
    }

    @Test
    void truncatesResponses() throws Exception {
        proxy.when(r -> true, FaultProxy.Fault.truncateResponse(1000)).times(2);
        assertThrows(IOException.class, () -> get("/big"));
        assertThrows(IOException.class, () -> get("/chunked"));
        assertArrayEquals(BIG, get("/chunked").body());
    }

    @Test
    void stallsLongEnoughForTimeouts() throws Exception {
        proxy.onNextRequest(FaultProxy.Fault.stall(Duration.ofSeconds(3)));
        long start = System.nanoTime();
        assertThrows(HttpTimeoutException.class, () -> client.send(HttpRequest.newBuilder(uri("/big"))
                .timeout(Duration.ofMillis(500)).build(), HttpResponse.BodyHandlers.ofByteArray()));
        assertTrue(System.nanoTime() - start < 2_000_000_000L);
        proxy.onNextRequest(FaultProxy.Fault.stallResponse(10_000, Duration.ofMillis(300)));
        assertArrayEquals(BIG, get("/big").body(), "a short stall only delays");
        assertEquals(Map.of("stall", 2), proxy.injectedByKind());
        assertEquals(2, proxy.events().size());
    }
}
