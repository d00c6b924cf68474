package dev.stowage.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an RFC 7578 {@code multipart/form-data} body one part at a time, straight from the request stream:
 * each part's body is an {@link InputStream} that ends at the next boundary, so a part of any size passes
 * through a fixed buffer. Part headers are capped in size; a body that breaks the format fails with a 400
 * {@link HttpFailure} naming what was wrong. Not thread-safe.
 */
final class MultipartReader {
    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    /** Horspool shifts: how far a window may move on when its last byte is the index's value. */
    private final int[] shifts;
    private final int maxHeaderBytes;
    private final byte[] buf;
    private int pos;
    private int lim;
    /** No delimiter starts in {@code buf} before this index (at or after {@link #pos}). */
    private int clearUntil;
    private boolean eof;
    private boolean finished;
    private PartBody current;

    /** One part: its headers (names in lower case) and its body, readable until the next boundary. */
    record Part(Map<String, String> headers, InputStream body) {
        /** A parameter of the {@code Content-Disposition} header, such as {@code name} or {@code filename}. */
        String dispositionParameter(String parameter) {
            return HeaderParameters.of(headers.getOrDefault("content-disposition", "")).get(parameter);
        }
    }

    MultipartReader(InputStream in, String boundary, int maxHeaderBytes) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.shifts = horspoolShifts(delimiter);
        this.maxHeaderBytes = maxHeaderBytes;
        this.buf = new byte[BUFFER + delimiter.length];
        // The first boundary may open the body without a line break before it: supply one.
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
    }

    /**
     * The next part, or {@code null} after the closing boundary. The previous part's body is skipped if it was
     * not read to its end.
     */
    Part next() throws IOException {
        if (current != null) {
            current.skipRest();
        } else if (!finished) {
            skipToDelimiter();
        }
        if (finished) {
            return null;
        }
        Map<String, String> headers = readHeaders();
        current = new PartBody();
        return new Part(headers, current);
    }

    /** Skips the preamble up to and past the first delimiter. */
    private void skipToDelimiter() throws IOException {
        PartBody preamble = new PartBody();
        preamble.skipRest();
    }

    /** After a delimiter: the closing {@code --}, or optional blanks and a line break before a part. */
    private void afterDelimiter() throws IOException {
        fill(2);
        if (lim - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-') {
            finished = true;
            return;
        }
        while (true) {
            fill(2);
            if (lim - pos < 2) {
                throw malformed("the body ends right after a boundary");
            }
            if (buf[pos] == '\r' && buf[pos + 1] == '\n') {
                pos += 2;
                return;
            }
            if (buf[pos] != ' ' && buf[pos] != '\t') {
                throw malformed("a boundary is followed by something other than a line break");
            }
            pos++;
        }
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int used = 0;
        while (true) {
            StringBuilder line = new StringBuilder();
            while (true) {
                fill(1);
                if (pos == lim) {
                    throw malformed("the body ends inside the headers of a part");
                }
                if (++used > maxHeaderBytes) {
                    throw HttpFailure.badRequest("part_headers_too_large", "The headers of a part exceed "
                            + maxHeaderBytes + " bytes");
                }
                byte b = buf[pos++];
                if (b == '\n') {
                    break;
                }
                line.append((char) (b & 0xff));
            }
            int end = line.length();
            if (end > 0 && line.charAt(end - 1) == '\r') {
                line.setLength(end - 1);
            }
            if (line.length() == 0) {
                return headers;
            }
            String text = new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            if (colon <= 0) {
                throw malformed("a part header line has no name: '" + text + "'");
            }
            headers.put(text.substring(0, colon).trim().toLowerCase(Locale.ROOT), text.substring(colon + 1).trim());
        }
    }

    /** Reads until at least {@code need} bytes are buffered after {@link #pos}, or the stream ends. */
    private void fill(int need) throws IOException {
        if (lim - pos >= need || eof) {
            return;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            clearUntil = Math.max(0, clearUntil - pos);
            pos = 0;
        }
        while (lim < need) {
            int n = in.read(buf, lim, buf.length - lim);
            if (n < 0) {
                eof = true;
                return;
            }
            lim += n;
        }
    }

    /**
     * The index of the next delimiter in the buffer, or -1; remembers how far none was found. A
     * Boyer-Moore-Horspool search: each window is judged by its last byte, so bytes that cannot end a delimiter
     * move the search on by up to the delimiter's length at once.
     */
    private int findDelimiter() {
        int last = delimiter.length - 1;
        byte lastByte = delimiter[last];
        int start = Math.max(pos, clearUntil);
        while (start + last < lim) {
            byte b = buf[start + last];
            if (b == lastByte && matchesAt(start)) {
                return start;
            }
            start += shifts[b & 0xff];
        }
        // No delimiter starts before start: whole windows were ruled out, and a shift never passes a match
        // whatever bytes follow the buffer.
        clearUntil = start;
        return -1;
    }

    private boolean matchesAt(int i) {
        return Arrays.equals(buf, i, i + delimiter.length, delimiter, 0, delimiter.length);
    }

    /**
     * For each byte value, the distance from its last place in {@code pattern} (the final byte aside) to the
     * pattern's end; the whole length for a byte the pattern lacks.
     */
    private static int[] horspoolShifts(byte[] pattern) {
        int[] shifts = new int[256];
        Arrays.fill(shifts, pattern.length);
        for (int i = 0; i < pattern.length - 1; i++) {
            shifts[pattern[i] & 0xff] = pattern.length - 1 - i;
        }
        return shifts;
    }

    private static HttpFailure malformed(String what) {
        return HttpFailure.badRequest("malformed_multipart", "The multipart/form-data body is malformed: " + what);
    }

    /** The body of the current part: ends at the next delimiter, which it consumes. */
    private final class PartBody extends InputStream {
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            fill(delimiter.length);
            int at = findDelimiter();
            int available;
            if (at >= 0) {
                available = at - pos;
            } else if (eof) {
                throw malformed("the body ends before the closing boundary");
            } else {
                available = Math.max(0, clearUntil - pos);
            }
            if (available == 0) {
                pos += delimiter.length;
                clearUntil = pos;
                done = true;
                afterDelimiter();
                return -1;
            }
            int n = Math.min(available, length);
            System.arraycopy(buf, pos, target, offset, n);
            pos += n;
            return n;
        }

        void skipRest() throws IOException {
            byte[] sink = new byte[8192];
            while (read(sink, 0, sink.length) >= 0) {
                // discarded
            }
        }
    }
}
