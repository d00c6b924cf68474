package dev.stowage.http;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/** A multipart/form-data request body built by hand, as a browser sends it; streamed, never held whole. */
final class MultipartBody {
    final String boundary = "----StowageTestBoundary7MA4YWxkTrZu0gW";
    private final List<Supplier<InputStream>> pieces = new ArrayList<>();

    /** Adds a file part. */
    MultipartBody file(String field, String filename, String contentType, byte[] data) {
        return file(field, filename, contentType, () -> new ByteArrayInputStream(data));
    }

    /** Adds a file part whose bytes {@code data} makes afresh for every send. */
    MultipartBody file(String field, String filename, String contentType, Supplier<InputStream> data) {
        text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
                + "\"\r\n" + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n") + "\r\n");
        pieces.add(data);
        text("\r\n");
        return this;
    }

    /** Adds a plain field. */
    MultipartBody field(String field, String value) {
        return text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"\r\n\r\n" + value
                + "\r\n");
    }

    /** Adds raw text. */
    MultipartBody text(String raw) {
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        pieces.add(() -> new ByteArrayInputStream(bytes));
        return this;
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The body with its closing boundary. */
    HttpRequest.BodyPublisher publisher() {
        return HttpRequest.BodyPublishers.ofInputStream(this::open);
    }

    /** The bytes of the body with its closing boundary, made afresh. */
    InputStream open() {
        List<Supplier<InputStream>> all = new ArrayList<>(pieces);
        byte[] end = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        all.add(() -> new ByteArrayInputStream(end));
        return new SequenceInputStream(Collections.enumeration(all.stream().map(Supplier::get).toList()));
    }
}
