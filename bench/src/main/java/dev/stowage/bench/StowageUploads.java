package dev.stowage.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three ways a client uploads to the standalone server on {@code port}: a PUT to a signed upload URL, a
 * multipart POST to {@code /_upload} and tus in 8 MiB PATCHes. Each returns the new file's storage id.
 */
final class StowageUploads {
    static final int TUS_CHUNK = 8 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOUNDARY = "stowage-bench-boundary";

    private final int port;

    StowageUploads(int port) {
        this.port = port;
    }

    /** A signed upload URL for {@code size} bytes: the request target and the headers it requires. */
    record SignedUrl(String target, Map<String, String> headers) {
    }

    SignedUrl mintPut(long size) {
        byte[] request = ("{\"method\":\"PUT\",\"contentType\":\"application/octet-stream\",\"maxSize\":" + size + "}")
                .getBytes(StandardCharsets.UTF_8);
        JsonNode answer = json(RawHttp.send(port, "POST", "/_stowage/upload-url",
                Map.of("Content-Type", "application/json"), new ByteArrayInputStream(request), request.length)
                .expect(200, "minting an upload URL"));
        Map<String, String> headers = new LinkedHashMap<>();
        answer.path("headers").properties().forEach(header -> headers.put(header.getKey(),
                header.getValue().asText()));
        headers.putIfAbsent("Content-Type", "application/octet-stream");
        return new SignedUrl(target(answer.get("url").asText()), headers);
    }

    String put(SignedUrl url, long size) {
        return json(RawHttp.send(port, "PUT", url.target(), url.headers(), new Payload(size), size)
                .expect(201, "signed PUT")).get("storageId").asText();
    }

    String multipartPost(long size) {
        byte[] start = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"bench.bin\""
                + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] end = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        InputStream body = new SequenceInputStream(java.util.Collections.enumeration(List.of(
                new ByteArrayInputStream(start), new Payload(size), new ByteArrayInputStream(end))));
        JsonNode answer = json(RawHttp.send(port, "POST", "/_upload",
                Map.of("Content-Type", "multipart/form-data; boundary=" + BOUNDARY), body,
                start.length + size + end.length).expect(201, "multipart POST"));
        return answer.get("files").get(0).get("storageId").asText();
    }

    String tus(long size) {
        String location = RawHttp.send(port, "POST", "/_stowage/tus", Map.of("Tus-Resumable", "1.0.0",
                "Upload-Length", Long.toString(size), "Upload-Metadata", "filename YmVuY2guYmlu"),
                InputStream.nullInputStream(), 0).expect(201, "tus create").header("Location");
        String target = target(location);
        String storageId = null;
        for (long offset = 0; offset < size; offset += TUS_CHUNK) {
            long length = Math.min(TUS_CHUNK, size - offset);
            storageId = RawHttp.send(port, "PATCH", target, Map.of("Tus-Resumable", "1.0.0", "Upload-Offset",
                    Long.toString(offset), "Content-Type", "application/offset+octet-stream"),
                    new Payload(length), length).expect(204, "tus PATCH").header("Stowage-Storage-Id");
        }
        return storageId;
    }

    private static String target(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private static JsonNode json(RawHttp.Response response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }
}
