package dev.stowage.http;

import dev.stowage.api.ByteRange;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Sends a {@link Representation} as RFC 9110 says: {@code ETag} and {@code Last-Modified}, preconditions
 * answered with 304 or 412, and {@code Range} requests answered with 206 (one range, or several as
 * {@code multipart/byteranges}) or 416. The bytes are streamed in small buffers; {@code HEAD} gets the headers
 * only. Headers the caller set before (disposition, security headers) are kept.
 */
final class RangedResponse {
    private static final int BUFFER = 64 * 1024;

    private RangedResponse() {
    }

    /** Answers {@code request} with {@code representation}, honouring at most {@code maxRanges} ranges. */
    static void send(HttpServletRequest request, HttpServletResponse response, Representation representation,
                     int maxRanges) throws IOException {
        Instant lastModified = lastModifiedSeconds(representation);
        setValidators(response::setHeader, representation, lastModified);
        ConditionalRequest conditions = new ConditionalRequest(request.getMethod(), request::getHeader,
                representation.etag(), lastModified);
        int precondition = conditions.preconditionStatus();
        if (precondition == 304) {
            response.setStatus(304);
            return;
        }
        if (precondition == 412) {
            throw new HttpFailure(412, "precondition_failed", "A precondition of the request (If-Match, "
                    + "If-None-Match or If-Unmodified-Since) does not hold for the current file");
        }
        long length = representation.length();
        boolean head = request.getMethod().equals("HEAD");
        if (length < 0) {
            response.setContentType(representation.contentType());
            if (!head) {
                copy(representation, ByteRange.from(0), response.getOutputStream());
            }
            return;
        }
        response.setHeader("Accept-Ranges", "bytes");
        RangeRequest ranges = RangeRequest.parse(conditions.rangeAllowed() ? request.getHeader("Range") : null,
                length, maxRanges);
        if (ranges.unsatisfiable()) {
            response.setHeader("Content-Range", "bytes */" + length);
            throw new HttpFailure(416, "range_not_satisfiable", "No range of '" + request.getHeader("Range")
                    + "' lies within the " + length + " bytes of the file");
        }
        if (ranges.whole()) {
            response.setContentType(representation.contentType());
            response.setContentLengthLong(length);
            if (!head) {
                copy(representation, ByteRange.of(0, length), response.getOutputStream());
            }
        } else if (ranges.ranges().size() == 1) {
            ByteRange range = ranges.ranges().get(0);
            response.setStatus(206);
            response.setContentType(representation.contentType());
            response.setHeader("Content-Range", contentRange(range, length));
            response.setContentLengthLong(range.length());
            if (!head) {
                copy(representation, range, response.getOutputStream());
            }
        } else {
            sendMultipart(response, representation, ranges.ranges(), head);
        }
    }

    /** When {@code representation} last changed, to the second as HTTP dates say it, or {@code null}. */
    static Instant lastModifiedSeconds(Representation representation) {
        return representation.lastModified() == null ? null
                : representation.lastModified().truncatedTo(ChronoUnit.SECONDS);
    }

    /** Sets {@code ETag} and {@code Last-Modified} (as far as they are known) through {@code setHeader}. */
    static void setValidators(BiConsumer<String, String> setHeader, Representation representation,
                              Instant lastModified) {
        if (representation.etag() != null) {
            setHeader.accept("ETag", representation.etag());
        }
        if (lastModified != null) {
            setHeader.accept("Last-Modified", httpDate(lastModified));
        }
    }

    /** An RFC 9110 HTTP-date (IMF-fixdate). */
    static String httpDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    private static void sendMultipart(HttpServletResponse response, Representation representation,
                                      List<ByteRange> ranges, boolean head) throws IOException {
        String boundary = "stowage-" + UUID.randomUUID();
        List<byte[]> partHeads = new ArrayList<>();
        long total = 0;
        for (ByteRange range : ranges) {
            byte[] partHead = ("\r\n--" + boundary + "\r\nContent-Type: " + representation.contentType()
                    + "\r\nContent-Range: " + contentRange(range, representation.length()) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            partHeads.add(partHead);
            total += partHead.length + range.length();
        }
        byte[] end = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        total += end.length;
        response.setStatus(206);
        response.setContentType("multipart/byteranges; boundary=" + boundary);
        response.setContentLengthLong(total);
        if (head) {
            return;
        }
        ServletOutputStream out = response.getOutputStream();
        for (int i = 0; i < ranges.size(); i++) {
            out.write(partHeads.get(i));
            copy(representation, ranges.get(i), out);
        }
        out.write(end);
    }

    private static String contentRange(ByteRange range, long length) {
        return "bytes " + range.offset() + "-" + (range.offset() + range.length() - 1) + "/" + length;
    }

    private static void copy(Representation representation, ByteRange range, OutputStream out) throws IOException {
        try (InputStream in = representation.opener().apply(range)) {
            // A small file or range needs no more than its own size: the buffer is allocated per response.
            byte[] buffer = new byte[(int) Math.max(1, Math.min(BUFFER, range.length()))];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        }
    }
}
