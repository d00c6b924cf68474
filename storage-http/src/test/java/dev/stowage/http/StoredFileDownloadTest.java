package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.SaveOptions;
import dev.stowage.api.StoredFile;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET and HEAD of stored files over real HTTP: bytes, ranges, preconditions and safe content handling. */
class StoredFileDownloadTest {
    @TempDir
    static Path tmp;
    static TestServer server;
    static byte[] digits;
    static StoredFile numbers;

    @BeforeAll
    static void start() {
        server = TestServer.start(tmp.resolve("uploads"));
        digits = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
        numbers = save("docs/numbers.txt", digits, "text/plain", "Zahlen ü.txt");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static StoredFile save(String name, byte[] data, String type, String original) {
        return server.server.storage().dir().save(name, new ByteArrayInputStream(data),
                SaveOptions.builder().contentType(type).originalFilename(original).build());
    }

    @Test
    void servesTheBytesWithEtagTypeAndSafetyHeaders() {
        HttpResponse<byte[]> r = server.sendForBytes(HttpRequest.newBuilder(server.uri("/_upload/docs/numbers.txt")));
        assertEquals(200, r.statusCode());
        assertArrayEquals(digits, r.body());
        assertEquals("\"" + numbers.sha256() + "\"", r.headers().firstValue("ETag").orElseThrow());
        assertEquals("text/plain", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertEquals("bytes", r.headers().firstValue("Accept-Ranges").orElseThrow());
        assertEquals(RangedResponse.httpDate(numbers.created().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
                r.headers().firstValue("Last-Modified").orElseThrow());
        String disposition = r.headers().firstValue("Content-Disposition").orElseThrow();
        assertTrue(disposition.startsWith("inline;"), disposition);
        assertTrue(disposition.contains("filename*=UTF-8''Zahlen%20%C3%BC.txt"), disposition);
    }

    @Test
    void headSendsHeadersOnly() {
        HttpResponse<byte[]> r = server.sendForBytes(HttpRequest.newBuilder(server.uri("/_upload/docs/numbers.txt"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, r.statusCode());
        assertEquals("20", r.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(0, r.body().length);
    }

    @Test
    void missingFileIs404WithJson() {
        HttpResponse<String> r = server.get("/_upload/docs/none.txt");
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("\"error\":\"not_found\""), r.body());
        assertTrue(r.body().contains("docs/none.txt"), r.body());
    }

    @Test
    void singleRangeIs206() {
        HttpResponse<String> r = range("bytes=2-5");
        assertEquals(206, r.statusCode());
        assertEquals("2345", r.body());
        assertEquals("bytes 2-5/20", r.headers().firstValue("Content-Range").orElseThrow());
        assertEquals("bytes 15-19/20", range("bytes=-5").headers().firstValue("Content-Range").orElseThrow());
        assertEquals("fghij", range("bytes=15-").body());
        assertEquals("ij", range("bytes=18-1000").body());
    }

    @Test
    void multipleRangesAreMultipartByteranges() {
        HttpResponse<String> r = range("bytes=0-1, 10-12");
        assertEquals(206, r.statusCode());
        String type = r.headers().firstValue("Content-Type").orElseThrow();
        assertTrue(type.startsWith("multipart/byteranges; boundary="), type);
        String boundary = type.substring(type.indexOf('=') + 1);
        String expected = "\r\n--" + boundary + "\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/20\r\n\r\n01"
                + "\r\n--" + boundary + "\r\nContent-Type: text/plain\r\nContent-Range: bytes 10-12/20\r\n\r\nabc"
                + "\r\n--" + boundary + "--\r\n";
        assertEquals(expected, r.body());
        assertEquals(Integer.toString(expected.length()), r.headers().firstValue("Content-Length").orElseThrow());
    }

    @Test
    void unsatisfiableRangeIs416() {
        HttpResponse<String> r = range("bytes=20-30");
        assertEquals(416, r.statusCode());
        assertEquals("bytes */20", r.headers().firstValue("Content-Range").orElseThrow());
    }

    @Test
    void invalidOrTooManyRangesAreIgnored() {
        for (String invalid : new String[] {"bytes=5-2", "bytes=a-b", "items=0-1", "bytes=", "bytes=--1"}) {
            HttpResponse<String> r = range(invalid);
            assertEquals(200, r.statusCode(), invalid);
            assertEquals("0123456789abcdefghij", r.body(), invalid);
        }
        String many = "bytes=" + String.join(",", java.util.Collections.nCopies(17, "0-0"));
        assertEquals(200, range(many).statusCode());
    }

    @Test
    void ifNoneMatchAndIfModifiedSinceGive304() {
        String etag = "\"" + numbers.sha256() + "\"";
        assertEquals(304, conditional("If-None-Match", etag).statusCode());
        assertEquals(304, conditional("If-None-Match", "\"other\", W/" + etag).statusCode());
        assertEquals(200, conditional("If-None-Match", "\"other\"").statusCode());
        String later = RangedResponse.httpDate(Instant.now().plus(Duration.ofHours(1)));
        String earlier = RangedResponse.httpDate(numbers.created().minus(Duration.ofHours(1)));
        assertEquals(304, conditional("If-Modified-Since", later).statusCode());
        assertEquals(200, conditional("If-Modified-Since", earlier).statusCode());
        assertEquals(200, conditional("If-Modified-Since", "not a date").statusCode());
    }

    @Test
    void ifMatchAndIfUnmodifiedSinceGive412() {
        assertEquals(412, conditional("If-Match", "\"other\"").statusCode());
        assertEquals(412, conditional("If-Match", "W/\"" + numbers.sha256() + "\"").statusCode());
        assertEquals(200, conditional("If-Match", "\"" + numbers.sha256() + "\"").statusCode());
        assertEquals(200, conditional("If-Match", "*").statusCode());
        String earlier = RangedResponse.httpDate(numbers.created().minus(Duration.ofHours(1)));
        assertEquals(412, conditional("If-Unmodified-Since", earlier).statusCode());
    }

    @Test
    void ifRangeHonoursTheRangeOnlyWhileTheFileIsUnchanged() {
        HttpResponse<String> same = server.send(HttpRequest.newBuilder(server.uri("/_upload/docs/numbers.txt"))
                .header("Range", "bytes=0-1").header("If-Range", "\"" + numbers.sha256() + "\""));
        assertEquals(206, same.statusCode());
        HttpResponse<String> changed = server.send(HttpRequest.newBuilder(server.uri("/_upload/docs/numbers.txt"))
                .header("Range", "bytes=0-1").header("If-Range", "\"stale\""));
        assertEquals(200, changed.statusCode());
        assertEquals("0123456789abcdefghij", changed.body());
    }

    @Test
    void activeContentIsAnAttachmentUnderASandbox() {
        save("page.html", "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8), "text/html", null);
        save("image.svg", "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
                .getBytes(StandardCharsets.UTF_8), "image/svg+xml", null);
        save("data.xml", "<a/>".getBytes(StandardCharsets.UTF_8), "application/xml", null);
        save("code.js", "alert(1)".getBytes(StandardCharsets.UTF_8), "text/javascript", null);
        save("blob.bin", new byte[] {1, 2}, "application/octet-stream", null);
        for (String name : new String[] {"page.html", "image.svg", "data.xml", "code.js", "blob.bin"}) {
            HttpResponse<String> r = server.get("/_upload/" + name);
            assertEquals(200, r.statusCode(), name);
            assertTrue(r.headers().firstValue("Content-Disposition").orElseThrow().startsWith("attachment;"), name);
            assertEquals(ContentSafety.SANDBOX_POLICY,
                    r.headers().firstValue("Content-Security-Policy").orElseThrow(), name);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElseThrow(), name);
        }
    }

    @Test
    void passiveContentIsInline() {
        save("pic.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "image/png", null);
        save("doc.pdf", "%PDF-1.4".getBytes(StandardCharsets.US_ASCII), "application/pdf", null);
        save("song.mp3", new byte[] {1}, "audio/mpeg", null);
        save("clip.mp4", new byte[] {1}, "video/mp4", null);
        for (String name : new String[] {"pic.png", "doc.pdf", "song.mp3", "clip.mp4"}) {
            HttpResponse<String> r = server.get("/_upload/" + name);
            assertTrue(r.headers().firstValue("Content-Disposition").orElseThrow().startsWith("inline;"), name);
            assertNull(r.headers().firstValue("Content-Security-Policy").orElse(null), name);
        }
    }

    @Test
    void downloadParameterForcesAnAttachmentUnderANonAsciiName() {
        HttpResponse<String> r = server.get("/_upload/docs/numbers.txt?download=R%C3%A9sum%C3%A9%20%E2%82%AC+1.txt");
        assertEquals(200, r.statusCode());
        assertEquals("attachment; filename=\"Resume _+1.txt\"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%E2%82%AC+1.txt",
                r.headers().firstValue("Content-Disposition").orElseThrow());
        HttpResponse<String> hostile = server.get("/_upload/docs/numbers.txt?download=..%2F..%2Fevil%0D%0A.sh");
        assertEquals("attachment; filename=\".._.._evil.sh\"",
                hostile.headers().firstValue("Content-Disposition").orElseThrow());
    }

    @Test
    void presignedLocalDownloadServesAnAttachmentAndRefusesTampering() {
        String url = server.server.storage().urls().presignDownload("docs/numbers.txt", Duration.ofMinutes(5),
                "signed.txt").toString();
        HttpResponse<String> r = server.get(url);
        assertEquals(200, r.statusCode());
        assertEquals("attachment; filename=\"signed.txt\"", r.headers().firstValue("Content-Disposition").orElseThrow());
        HttpResponse<String> tampered = server.get(url.replace("signed.txt", "other.txt"));
        assertEquals(403, tampered.statusCode());
        assertTrue(tampered.body().contains("bad_signature"), tampered.body());
    }

    @Test
    void methodsOtherThanTheSurfaceAre405() {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/_upload/docs/numbers.txt")).DELETE());
        assertEquals(405, r.statusCode());
        assertFalse(Arrays.equals(digits, r.body().getBytes(StandardCharsets.US_ASCII)));
    }

    private static HttpResponse<String> range(String range) {
        return server.send(HttpRequest.newBuilder(server.uri("/_upload/docs/numbers.txt")).header("Range", range));
    }

    private static HttpResponse<String> conditional(String header, String value) {
        return server.send(HttpRequest.newBuilder(server.uri("/_upload/docs/numbers.txt")).header(header, value));
    }
}
