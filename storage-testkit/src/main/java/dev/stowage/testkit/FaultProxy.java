package dev.stowage.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A loopback TCP proxy for HTTP/1.1 that breaks the traffic it forwards on purpose, to test how a backend
 * adapter copes with a bad network: it listens on a free port of {@code 127.0.0.1}, forwards every request to
 * a target server, and applies a {@link Fault} to the requests its {@linkplain #when rules} pick: reset the
 * connection after so many bytes of the request or of the response, stall (stop forwarding for a while, so
 * that the client's timeouts fire), cut a response short, or answer with an injected error (such as S3's
 * {@code 503 SlowDown}) instead of forwarding. Requests no rule picks pass through unchanged.
 *
 * <p>The proxy understands just enough HTTP/1.1 to find where each request and response ends on a kept-alive
 * connection (Content-Length, chunked, or until close), so faults hit single requests, not whole connections.
 * It answers {@code Expect: 100-continue} itself and does not pass it on, drops requests to upgrade to another
 * protocol (HTTP/2 over plain HTTP), and rewrites a {@code Location} header
 * that points at the server to point at the proxy. Plain HTTP only, no TLS. Every fault
 * injected is counted ({@link #injected()}, {@link #injectedByKind()}) and described ({@link #events()}).
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.to(URI.create(serverUrl))) {
 *     proxy.when(r -> r.method().equals("PUT") && r.hasQueryParameter("partNumber"),
 *             FaultProxy.Fault.resetRequest(10_000)).times(1);
 *     // point the client at proxy.url()
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {
    private static final int MAX_HEAD = 64 * 1024;
    private static final int BUFFER = 16 * 1024;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> byKind = new ConcurrentHashMap<>();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final List<Request> received = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    private FaultProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fault-proxy-" + server.getLocalPort() + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        threads.execute(this::accept);
    }

    /** A proxy to the server at {@code host}:{@code port}, listening once this returns. */
    public static FaultProxy start(String host, int port) {
        try {
            return new FaultProxy(host, port);
        } catch (IOException e) {
            throw new UncheckedIOException("the fault proxy could not listen on loopback", e);
        }
    }

    /** A proxy to the server of {@code url} ({@code http://host:port}, any path ignored). */
    public static FaultProxy to(URI url) {
        if (!"http".equals(url.getScheme()) || url.getHost() == null || url.getPort() < 0) {
            throw new IllegalArgumentException("expected http://host:port, not " + url);
        }
        return start(url.getHost(), url.getPort());
    }

    /** A proxy to the server of {@code url} ({@code http://host:port}). */
    public static FaultProxy to(String url) {
        return to(URI.create(url));
    }

    /** The port the proxy listens on, on {@code 127.0.0.1}. */
    public int port() {
        return server.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}: where clients go instead of the target. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * Applies {@code fault} to every request {@code match} picks from now on, until the rule's
     * {@linkplain Rule#times times} are used up or it is {@linkplain Rule#remove removed}. Rules are tried in the
     * order they were added; the first that picks a request applies, and a request gets one fault at most.
     */
    public Rule when(Predicate<Request> match, Fault fault) {
        Rule rule = new Rule(Objects.requireNonNull(match, "match"), Objects.requireNonNull(fault, "fault"));
        rules.add(rule);
        return rule;
    }

    /** Applies {@code fault} to the next request, whatever it is. */
    public Rule onNextRequest(Fault fault) {
        return when(request -> true, fault).times(1);
    }

    /** Removes every rule: from now on requests pass through. */
    public void clearRules() {
        rules.clear();
    }

    /** How many faults were injected in all. */
    public int injected() {
        return byKind.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** How many faults of each kind were injected, by {@link Fault#kind()}. */
    public Map<String, Integer> injectedByKind() {
        Map<String, Integer> counts = new TreeMap<>();
        byKind.forEach((kind, count) -> counts.put(kind, count.get()));
        return counts;
    }

    /** How many requests arrived, faulted or not. */
    public int requests() {
        return received.size();
    }

    /** How many of the requests that arrived, faulted or not, {@code which} picks. */
    public int requests(Predicate<Request> which) {
        synchronized (received) {
            return (int) received.stream().filter(which).count();
        }
    }

    /** One line per fault injected: what and to which request. */
    public List<String> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Stops listening and drops every connection. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        for (Socket socket : List.copyOf(open)) {
            closeQuietly(socket);
        }
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return "FaultProxy " + url() + " -> " + targetHost + ":" + targetPort + " (" + injected() + " faults "
                + injectedByKind() + ")";
    }

    /** The head of a request on its way through: method, target (path and query) and headers. */
    public record Request(String method, String target, Map<String, List<String>> headers) {
        public Request {
            Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            copy.putAll(headers);
            headers = Collections.unmodifiableMap(copy);
        }

        /** The path, without the query. */
        public String path() {
            int query = target.indexOf('?');
            return query < 0 ? target : target.substring(0, query);
        }

        /** The query string without {@code ?}, empty when there is none. */
        public String query() {
            int query = target.indexOf('?');
            return query < 0 ? "" : target.substring(query + 1);
        }

        /** Whether the query has the parameter {@code name} (with or without a value). */
        public boolean hasQueryParameter(String name) {
            for (String pair : query().split("&")) {
                String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                if (key.equals(name)) {
                    return true;
                }
            }
            return false;
        }

        /** The first value of header {@code name}. */
        public Optional<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        @Override
        public String toString() {
            return method + " " + target;
        }
    }

    /** What to do to a request a rule picked. Build one with the static factories. */
    public sealed interface Fault {
        /** The fault's kind, for counting: {@code reset-request}, {@code stall}... */
        String kind();

        /** Forwards the first {@code bytes} bytes of the request (head and body), then resets the connection. */
        static Fault resetRequest(long bytes) {
            return new ResetRequest(bytes);
        }

        /** Forwards the request, relays the first {@code bytes} bytes of the response, then resets the connection. */
        static Fault resetResponse(long bytes) {
            return new ResetResponse(bytes);
        }

        /** Forwards the request, then waits {@code pause} before relaying the response (the client may time out). */
        static Fault stall(Duration pause) {
            return new Stall(0, pause);
        }

        /** Forwards the request, relays {@code bytes} bytes of the response, waits {@code pause}, then goes on. */
        static Fault stallResponse(long bytes, Duration pause) {
            return new Stall(bytes, pause);
        }

        /**
         * Forwards the request, relays the response's head and the first {@code bodyBytes} bytes of its body, then
         * closes the connection cleanly (no reset): the body ends early.
         */
        static Fault truncateResponse(long bodyBytes) {
            return new Truncate(bodyBytes);
        }

        /** Answers {@code status} with {@code body} instead of forwarding, then closes the connection. */
        static Fault respond(int status, String contentType, String body) {
            return new Respond(status, contentType, body);
        }

        /** S3's throttling answer: {@code 503 SlowDown} with its XML error body. */
        static Fault s3SlowDown() {
            return respond(503, "application/xml", s3Error("SlowDown", "Please reduce your request rate."));
        }

        /** S3's {@code 500 InternalError} with its XML error body. */
        static Fault s3InternalError() {
            return respond(500, "application/xml", s3Error("InternalError",
                    "We encountered an internal error. Please try again."));
        }

        /** A GCS JSON API error answer, such as {@code 503 backendError}. */
        static Fault gcsError(int status, String reason) {
            return respond(status, "application/json; charset=UTF-8", "{\"error\":{\"code\":" + status
                    + ",\"message\":\"injected " + reason + "\",\"errors\":[{\"reason\":\"" + reason
                    + "\",\"message\":\"injected " + reason + "\"}]}}");
        }

        private static String s3Error(String code, String message) {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                    + "</Message><RequestId>FAULTPROXY</RequestId><HostId>fault-proxy</HostId></Error>";
        }
    }

    /** Resets after {@code bytes} bytes of the request. */
    public record ResetRequest(long bytes) implements Fault {
        @Override
        public String kind() {
            return "reset-request";
        }
    }

    /** Resets after {@code bytes} bytes of the response. */
    public record ResetResponse(long bytes) implements Fault {
        @Override
        public String kind() {
            return "reset-response";
        }
    }

    /** Stops relaying the response for {@code pause} after {@code bytes} bytes of it. */
    public record Stall(long bytes, Duration pause) implements Fault {
        @Override
        public String kind() {
            return "stall";
        }
    }

    /** Ends the response body cleanly after {@code bodyBytes} bytes. */
    public record Truncate(long bodyBytes) implements Fault {
        @Override
        public String kind() {
            return "truncate-response";
        }
    }

    /** Answers instead of forwarding. */
    public record Respond(int status, String contentType, String body) implements Fault {
        @Override
        public String kind() {
            return "respond-" + status;
        }
    }

    /** A rule: which requests get which fault, how often. */
    public final class Rule {
        private final Predicate<Request> match;
        private final Fault fault;
        private int skip;
        private int times = Integer.MAX_VALUE;
        private int seen;
        private int hits;

        private Rule(Predicate<Request> match, Fault fault) {
            this.match = match;
            this.fault = fault;
        }

        /** Applies the fault to at most {@code n} requests, then no more. */
        public synchronized Rule times(int n) {
            this.times = n;
            return this;
        }

        /** Lets the first {@code n} requests the rule picks pass untouched. */
        public synchronized Rule skip(int n) {
            this.skip = n;
            return this;
        }

        /** How many requests got the fault. */
        public synchronized int hits() {
            return hits;
        }

        /** Stops the rule. */
        public void remove() {
            rules.remove(this);
        }

        private synchronized boolean apply(Request request) {
            if (hits >= times || !match.test(request)) {
                return false;
            }
            if (seen++ < skip) {
                return false;
            }
            hits++;
            return true;
        }
    }

    private Fault faultFor(Request request) {
        for (Rule rule : rules) {
            if (rule.apply(request)) {
                byKind.computeIfAbsent(rule.fault.kind(), kind -> new AtomicInteger()).incrementAndGet();
                events.add(rule.fault + " on " + request);
                return rule.fault;
            }
        }
        return null;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    events.add("accept failed: " + e);
                }
                return;
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return;
            }
        }
    }

    /** Serves one client connection: its requests one after the other, each on the same upstream connection. */
    private void serve(Socket client) {
        Socket upstream = null;
        try {
            client.setTcpNoDelay(true);
            InputStream fromClient = new BufferedInputStream(client.getInputStream(), BUFFER);
            OutputStream toClient = client.getOutputStream();
            InputStream fromUpstream = null;
            OutputStream toUpstream = null;
            while (!closed) {
                Head head = Head.read(fromClient);
                if (head == null) {
                    return;
                }
                Request request = head.request();
                received.add(request);
                Fault fault = faultFor(request);
                boolean expectContinue = head.value("Expect").map(v -> v.equalsIgnoreCase("100-continue"))
                        .orElse(false);
                if (fault instanceof Respond respond) {
                    if (!expectContinue) {
                        copyBody(head, fromClient, OutputStream.nullOutputStream());
                    }
                    toClient.write(response(respond));
                    toClient.flush();
                    return;
                }
                if (upstream == null) {
                    upstream = new Socket();
                    open.add(upstream);
                    upstream.connect(new InetSocketAddress(targetHost, targetPort), 10_000);
                    upstream.setTcpNoDelay(true);
                    upstream.setSoTimeout(300_000);
                    fromUpstream = new BufferedInputStream(upstream.getInputStream(), BUFFER);
                    toUpstream = upstream.getOutputStream();
                }
                if (expectContinue) {
                    toClient.write(CONTINUE);
                    toClient.flush();
                }
                byte[] forwardedHead = head.bytesWithout(Set.of("expect", "upgrade", "http2-settings"));
                if (fault instanceof ResetRequest reset) {
                    Limited limited = new Limited(toUpstream, reset.bytes());
                    try {
                        limited.write(forwardedHead);
                        copyBody(head, fromClient, limited);
                    } catch (Limited.Reached e) {
                        // cut here
                    }
                    reset(client);
                    return;
                }
                toUpstream.write(forwardedHead);
                copyBody(head, fromClient, toUpstream);
                toUpstream.flush();

                Head response;
                do {
                    response = Head.read(fromUpstream);
                    if (response == null) {
                        return; // the server hung up: so does the proxy
                    }
                } while (response.status() >= 100 && response.status() < 200);
                if (fault instanceof Stall stall && stall.bytes() == 0) {
                    pause(stall.pause());
                }
                boolean keepOpen = relay(request, response, fromUpstream, toClient, fault, client);
                if (!keepOpen) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // a connection the client, the server or a fault ended: nothing more to forward
        } finally {
            closeQuietly(client);
            open.remove(client);
            if (upstream != null) {
                closeQuietly(upstream);
                open.remove(upstream);
            }
        }
    }

    /**
     * Relays {@code response} and its body to the client, applying a response fault. Returns whether the
     * connection stays open for another request.
     */
    private boolean relay(Request request, Head response, InputStream fromUpstream, OutputStream toClient,
            Fault fault, Socket client) throws IOException {
        byte[] headBytes = response.withLocation(this::throughProxy);
        if (fault instanceof ResetResponse reset) {
            Limited limited = new Limited(toClient, reset.bytes());
            try {
                limited.write(headBytes);
                copyResponseBody(request, response, fromUpstream, limited);
            } catch (Limited.Reached e) {
                reset(client);
                return false;
            }
            reset(client); // the whole response fitted: reset right after it
            return false;
        }
        if (fault instanceof Stall stall && stall.bytes() > 0) {
            OutputStream stalling = new Stalling(toClient, stall.bytes(), stall.pause());
            stalling.write(headBytes);
            copyResponseBody(request, response, fromUpstream, stalling);
            stalling.flush();
            return keepsOpen(request, response);
        }
        toClient.write(headBytes);
        if (fault instanceof Truncate truncate) {
            toClient.flush();
            Limited limited = new Limited(toClient, truncate.bodyBytes());
            try {
                copyResponseBody(request, response, fromUpstream, limited);
            } catch (Limited.Reached e) {
                // cut here
            }
            toClient.flush();
            client.shutdownOutput();
            return false;
        }
        copyResponseBody(request, response, fromUpstream, toClient);
        toClient.flush();
        return keepsOpen(request, response);
    }

    /**
     * {@code location} pointing at the server as pointing at the proxy, so that the client comes back through it
     * (GCS's resumable session URLs, for one).
     */
    private String throughProxy(String location) {
        for (String host : List.of(targetHost, "127.0.0.1", "localhost")) {
            String server = "http://" + host + ":" + targetPort;
            if (location.startsWith(server + "/") || location.equals(server)) {
                return url() + location.substring(server.length());
            }
        }
        return location;
    }

    private static boolean keepsOpen(Request request, Head response) {
        if (response.value("Connection").map(v -> v.equalsIgnoreCase("close")).orElse(false)) {
            return false;
        }
        return !response.closeDelimited(request.method());
    }

    private static byte[] response(Respond respond) {
        byte[] body = respond.body().getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + respond.status() + " " + reason(respond.status()) + "\r\n"
                + "Content-Type: " + respond.contentType() + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "x-amz-request-id: FAULTPROXY\r\n"
                + "Connection: close\r\n\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Injected";
        };
    }

    private static void copyBody(Head head, InputStream from, OutputStream to) throws IOException {
        if (head.chunked()) {
            copyChunked(from, to);
        } else {
            copyExactly(from, to, head.contentLength().orElse(0L));
        }
    }

    private static void copyResponseBody(Request request, Head response, InputStream from, OutputStream to)
            throws IOException {
        int status = response.status();
        if ("HEAD".equals(request.method()) || status == 204 || status == 304) {
            return;
        }
        if (response.chunked()) {
            copyChunked(from, to);
        } else if (response.contentLength().isPresent()) {
            copyExactly(from, to, response.contentLength().get());
        } else {
            from.transferTo(to);
        }
    }

    private static void copyExactly(InputStream from, OutputStream to, long length) throws IOException {
        byte[] buffer = new byte[BUFFER];
        for (long left = length; left > 0; ) {
            int n = from.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("the stream ended " + left + " bytes early");
            }
            to.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void copyChunked(InputStream from, OutputStream to) throws IOException {
        while (true) {
            String line = readLine(from);
            to.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            String size = line.contains(";") ? line.substring(0, line.indexOf(';')) : line;
            long length = Long.parseLong(size.trim(), 16);
            if (length == 0) {
                for (String trailer = readLine(from); ; trailer = readLine(from)) {
                    to.write((trailer + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    if (trailer.isEmpty()) {
                        return;
                    }
                }
            }
            copyExactly(from, to, length + 2);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.US_ASCII);
            }
            line.write(b);
            if (line.size() > MAX_HEAD) {
                throw new IOException("a line longer than " + MAX_HEAD + " bytes");
            }
        }
        throw new IOException("the stream ended in a line");
    }

    private static void pause(Duration pause) throws InterruptedIOException {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the proxy is closing");
        }
    }

    /** Ends {@code socket} with a TCP reset rather than an orderly close. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // closed already
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** An output stream that takes {@code limit} bytes, then throws {@link Reached}. */
    private static final class Limited extends OutputStream {
        /** The limit was reached: the fault strikes now. */
        static final class Reached extends IOException {
            private static final long serialVersionUID = 1L;
        }

        private final OutputStream out;
        private final long limit;
        private long written;

        Limited(OutputStream out, long limit) {
            this.out = out;
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            long room = limit - written;
            if (len <= room) {
                out.write(b, off, len);
                written += len;
                return;
            }
            int fits = (int) Math.max(0, room);
            out.write(b, off, fits);
            written += fits;
            out.flush();
            throw new Reached();
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    /** An output stream that pauses once, when {@code after} bytes went through, then goes on. */
    private static final class Stalling extends OutputStream {
        private final OutputStream out;
        private final long after;
        private final Duration pause;
        private long written;
        private boolean paused;

        Stalling(OutputStream out, long after, Duration pause) {
            this.out = out;
            this.after = after;
            this.pause = pause;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (!paused && written + len >= after) {
                int fits = (int) (after - written);
                out.write(b, off, fits);
                out.flush();
                paused = true;
                pause(pause);
                out.write(b, off + fits, len - fits);
            } else {
                out.write(b, off, len);
            }
            written += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    /** The head of a request or a response: its first line and headers, as they came. */
    private record Head(String firstLine, List<String[]> headers, byte[] raw) {

        /** Reads a head; null when the stream ends before a byte of it. */
        static Head read(InputStream in) throws IOException {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            for (int b; ; ) {
                b = in.read();
                if (b < 0) {
                    if (raw.size() == 0) {
                        return null;
                    }
                    throw new IOException("the connection ended inside a head");
                }
                if (raw.size() == 0 && (b == '\r' || b == '\n')) {
                    continue; // stray line ends between messages
                }
                raw.write(b);
                if (raw.size() > MAX_HEAD) {
                    throw new IOException("a head longer than " + MAX_HEAD + " bytes");
                }
                if (b == '\n' && endsWithBlankLine(raw)) {
                    break;
                }
            }
            String text = raw.toString(StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\r?\n");
            List<String[]> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].isEmpty()) {
                    continue;
                }
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
                }
            }
            return new Head(lines[0], headers, raw.toByteArray());
        }

        private static boolean endsWithBlankLine(ByteArrayOutputStream raw) {
            byte[] bytes = raw.toByteArray();
            int n = bytes.length;
            return n >= 2 && bytes[n - 2] == '\n'
                    || n >= 4 && bytes[n - 2] == '\r' && bytes[n - 3] == '\n' && bytes[n - 4] == '\r';
        }

        Request request() {
            String[] parts = firstLine.split(" ");
            Map<String, List<String>> map = new LinkedHashMap<>();
            for (String[] header : headers) {
                map.computeIfAbsent(header[0], k -> new ArrayList<>()).add(header[1]);
            }
            return new Request(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "/", map);
        }

        int status() {
            String[] parts = firstLine.split(" ");
            try {
                return Integer.parseInt(parts[1]);
            } catch (RuntimeException e) {
                return 0;
            }
        }

        Optional<String> value(String name) {
            for (String[] header : headers) {
                if (header[0].equalsIgnoreCase(name)) {
                    return Optional.of(header[1]);
                }
            }
            return Optional.empty();
        }

        boolean chunked() {
            return value("Transfer-Encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false);
        }

        Optional<Long> contentLength() {
            return value("Content-Length").map(v -> Long.parseLong(v.trim()));
        }

        boolean closeDelimited(String method) {
            int status = status();
            return !"HEAD".equals(method) && status != 204 && status != 304 && !chunked()
                    && contentLength().isEmpty();
        }

        byte[] bytes() {
            return raw;
        }

        /** The head as it came, with its {@code Location} header (if any) changed by {@code change}. */
        byte[] withLocation(java.util.function.UnaryOperator<String> change) {
            Optional<String> location = value("Location");
            if (location.isEmpty() || change.apply(location.get()).equals(location.get())) {
                return raw;
            }
            StringBuilder out = new StringBuilder(firstLine).append("\r\n");
            for (String[] header : headers) {
                String value = header[0].equalsIgnoreCase("Location") ? change.apply(header[1]) : header[1];
                out.append(header[0]).append(": ").append(value).append("\r\n");
            }
            return out.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        }

        /** The head as it came, less the headers whose lower-case names are in {@code names}. */
        byte[] bytesWithout(Set<String> names) {
            if (headers.stream().noneMatch(header -> names.contains(header[0].toLowerCase(Locale.ROOT)))) {
                return raw;
            }
            StringBuilder out = new StringBuilder(firstLine).append("\r\n");
            for (String[] header : headers) {
                if (!names.contains(header[0].toLowerCase(Locale.ROOT))) {
                    out.append(header[0]).append(": ").append(header[1]).append("\r\n");
                }
            }
            return out.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }
}
