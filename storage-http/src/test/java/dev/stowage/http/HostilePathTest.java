package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.spi.PercentEncoding;
import dev.stowage.testkit.HostileNames;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Paths that try to leave the store, sent over raw sockets so that no client normalizes them first: every
 * answer is 400 or 404 and never carries the secret kept next to the upload directory or the signing key.
 */
class HostilePathTest {
    private static final String SECRET = "TOP-SECRET-CONTENT";

    @TempDir
    static Path tmp;
    static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        Files.writeString(tmp.resolve("secret.txt"), SECRET);
        server = TestServer.start(tmp.resolve("uploads"));
        server.server.storage().dir().save("a/b.txt", new ByteArrayInputStream("inside".getBytes(StandardCharsets.UTF_8)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<String> encodedTraversals() {
        return Stream.of("/_upload/../secret.txt", "/_upload/%2e%2e/secret.txt", "/_upload/%2E%2E/secret.txt",
                "/_upload/..%2fsecret.txt", "/_upload/%2e%2e%2fsecret.txt", "/_upload/a/..%2f..%2fsecret.txt",
                "/_upload/a%2f..%2f..%2fsecret.txt", "/_upload/..%5csecret.txt", "/_upload/a%5c..%5c..%5csecret.txt",
                "/_upload/%252e%252e/secret.txt", "/_upload/%252e%252e%252fsecret.txt", "/_upload/a/b.txt%00",
                "/_upload/%00", "/_upload/a/b.txt%00.png", "/_upload/%c0%ae%c0%ae/secret.txt",
                "/_upload/%e0%80%ae%e0%80%ae/secret.txt", "/_upload/..;/secret.txt", "/_upload/a/../../secret.txt",
                "/_upload/./../secret.txt", "/_upload//secret.txt", "/_upload/%2fetc%2fpasswd", "/_upload/%5c%5cserver",
                "/_upload/C:%5csecret.txt", "/_upload/.stowage/signing-key", "/_upload/.STOWAGE/signing-key",
                "/_upload/%2estowage/signing-key", "/_upload/a/b.txt/..", "/_upload/%", "/_upload/%zz",
                "/_upload/a%2fb.txt", "/_upload/a%5cb.txt", "/_upload/..%u2216secret.txt");
    }

    @ParameterizedTest
    @MethodSource("encodedTraversals")
    void encodedTraversalIsRefused(String path) {
        String answer = server.raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        int status = TestServer.status(answer);
        assertTrue(status == 400 || status == 404, path + " answered " + answer);
        assertFalse(answer.contains(SECRET), path);
        assertFalse(answer.contains("inside"), path);
    }

    @Test
    void everyNameTheRulesRefuseIsRefusedOverHttp() {
        List<String> served = HostileNames.rejected().stream()
                .filter(name -> !name.isEmpty() && !hasUnpairedSurrogate(name))
                .map(name -> {
                    String path = "/_upload/" + PercentEncoding.encode(name, "/");
                    HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri(path)));
                    // 414: the longest names make a URL over Jetty's request-line limit.
                    int status = r.statusCode();
                    return status == 400 || status == 404 || status == 414 ? null : path + " -> " + status;
                })
                .filter(failure -> failure != null)
                .collect(Collectors.toList());
        assertTrue(served.isEmpty(), "served: " + served);
    }

    /** Such names have no UTF-8 form, so no URL can carry them. */
    private static boolean hasUnpairedSurrogate(String name) {
        return !StandardCharsets.UTF_8.newEncoder().canEncode(name);
    }

    @Test
    void theSameFileIsServedAtItsCanonicalPath() {
        String answer = server.raw("GET /_upload/a/b.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertTrue(answer.endsWith("inside"), answer);
    }
}
