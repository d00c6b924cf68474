package dev.stowage.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bare HTTP/1.1 client over one loopback socket per request ({@code Connection: close}): it adds nothing but
 * memory copies, so both servers compared are measured, not the client. Bodies stream from an input stream;
 * response bodies are counted and dropped, and only the first 64 KiB are kept.
 */
final class RawHttp {
    private static final int KEPT = 64 * 1024;

    private RawHttp() {
    }

    /** A response: status, headers (lower-case names), the start of the body and its full length. */
    record Response(int status, Map<String, String> headers, String body, long length) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        Response expect(int expected, String what) {
            if (status != expected) {
                throw new IllegalStateException(what + ": HTTP " + status + " " + body);
            }
            return this;
        }
    }

    static Response get(int port, String target) {
        return send(port, "GET", target, Map.of(), InputStream.nullInputStream(), -1);
    }

    /** Sends a request with {@code length} bytes of {@code body} ({@code -1}: no body). */
    static Response send(int port, String method, String target, Map<String, String> headers, InputStream body,
            long length) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setTcpNoDelay(true);
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
            if (length >= 0) {
                head.append("Content-Length: ").append(length).append("\r\n");
            }
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            if (length > 0) {
                byte[] buffer = new byte[256 * 1024];
                for (int n; (n = body.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                }
            }
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream(), 1 << 20));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target + " on port " + port + " failed", e);
        }
    }

    private static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine.isEmpty()) {
            throw new IOException("no response");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (String line; !(line = line(in)).isEmpty(); ) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        long length;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            length = 0;
            for (long size; (size = Long.parseLong(line(in).split(";")[0].trim(), 16)) > 0; line(in)) {
                length += copy(in, size, kept);
            }
        } else {
            String declared = headers.get("content-length");
            length = copy(in, declared == null ? Long.MAX_VALUE : Long.parseLong(declared), kept);
        }
        return new Response(status, headers, kept.toString(StandardCharsets.UTF_8), length);
    }

    private static long copy(InputStream in, long limit, ByteArrayOutputStream kept) throws IOException {
        byte[] buffer = new byte[1 << 20];
        long total = 0;
        while (total < limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
            if (n < 0) {
                break;
            }
            if (kept.size() < KEPT) {
                kept.write(buffer, 0, Math.min(n, KEPT - kept.size()));
            }
            total += n;
        }
        return total;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
