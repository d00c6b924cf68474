package dev.stowage.http;

import dev.stowage.api.ByteRange;
import dev.stowage.api.Storage;
import dev.stowage.api.StorageException;
import dev.stowage.api.StoredFile;
import dev.stowage.api.spi.ServedUrls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The standalone server's short way, for a local backend, for the most common request: a plain {@code GET} or
 * {@code HEAD} of a small stored file under the prefix. This Jetty core handler sits in front of the servlets and
 * is non-blocking, so Jetty runs it on the thread that read the request, with no hand-off to a pool thread; it
 * reads the small file there (from the page cache, as nginx does) and sends the whole response in one write,
 * without the servlet layer's wrappers, filters and stream copies. It answers exactly what {@link FileServlet}
 * would (the same status, the same headers from {@link CorsFilter#addResponseHeaders}, {@link ContentSafety},
 * {@link RangedResponse#setValidators} and the same {@link ConditionalRequest} answers, 200 or 304), and hands
 * every other request on to the servlets, on a pool thread since they block: other methods and paths, a query
 * ({@code ?download=}, signed URLs), a {@code Range}, a percent-encoded or dot-segment path, a name the servlet
 * would refuse, a missing file, a file over {@value #MAX_SIZE} bytes (the servlet streams it), a content type
 * with parameters such as a charset (the servlet response rewrites them as {@code ;charset=utf-8}), a failed
 * precondition (412), a file that is shorter than its metadata says, and any storage failure. Requests it
 * answers count in {@link RequestsInFlight}.
 */
final class SmallFileDownloads extends Handler.Wrapper {
    /** The largest file answered here, read whole into one buffer. */
    static final int MAX_SIZE = 64 * 1024;

    private final Storage storage;
    private final CorsFilter cors;
    private final RequestsInFlight requests;
    private final ServedUrls paths;
    private final String prefix;

    /** Answers small downloads of the local {@code storage} before {@code servlets}, which get the rest. */
    SmallFileDownloads(Storage storage, HttpSettings settings, CorsFilter cors, RequestsInFlight requests,
                       Handler servlets) {
        super(servlets);
        this.storage = storage;
        this.cors = cors;
        this.requests = requests;
        this.paths = ServedUrls.at(settings.prefix());
        this.prefix = settings.prefix();
    }

    /** Non-blocking, so that Jetty calls it on the thread that read the request. */
    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String name = plainDownload(request);
        if (name != null) {
            requests.begin();
            boolean answered = false;
            try {
                answered = answer(request, response, name, Callback.from(callback, requests::end));
            } finally {
                if (!answered) {
                    requests.end();
                }
            }
            if (answered) {
                return true;
            }
        }
        getServer().getThreadPool().execute(() -> handOn(request, response, callback));
        return true;
    }

    /** Lets the servlets answer, on a thread of the pool, since they block. */
    private void handOn(Request request, Response response, Callback callback) {
        try {
            if (!super.handle(request, response, callback)) {
                Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
            }
        } catch (Throwable failure) {
            Response.writeError(request, response, callback, failure);
        }
    }

    /** The stored name a plain GET or HEAD under the prefix asks for, or {@code null} for any other request. */
    private String plainDownload(Request request) {
        String method = request.getMethod();
        HttpURI uri = request.getHttpURI();
        String rawPath = uri.getPath();
        if (!(method.equals("GET") || method.equals("HEAD")) || uri.getQuery() != null
                || rawPath == null || rawPath.length() <= prefix.length() + 1 || !rawPath.startsWith(prefix)
                || rawPath.charAt(prefix.length()) != '/' || !rawPath.equals(uri.getCanonicalPath())
                || request.getHeaders().contains(HttpHeader.RANGE)) {
            return null;
        }
        try {
            return FileServlet.storedName(paths, prefix, rawPath);
        } catch (HttpFailure refused) {
            return null;
        }
    }

    /** Answers with the file of {@code name}, or returns false having sent nothing. */
    private boolean answer(Request request, Response response, String name, Callback done) {
        StoredFile file;
        Representation representation;
        try {
            file = storage.dir().stat(name);
            if (file.size() > MAX_SIZE || file.contentType().indexOf(';') >= 0) {
                return false; // the servlet streams a large file, and rewrites a type's parameters its own way
            }
            representation = StoredFileResponse.representation(storage, file);
        } catch (StorageException e) {
            return false;
        }
        HttpFields.Mutable headers = response.getHeaders();
        Instant lastModified = RangedResponse.lastModifiedSeconds(representation);
        int precondition = new ConditionalRequest(request.getMethod(), request.getHeaders()::get,
                representation.etag(), lastModified).preconditionStatus();
        if (precondition == 412) {
            return false;
        }
        ByteBuffer body = null;
        if (precondition == 0 && request.getMethod().equals("GET")) {
            body = read(representation);
            if (body == null) {
                return false;
            }
        }
        cors.addResponseHeaders(request.getHeaders().get(HttpHeader.ORIGIN), headers::add);
        ContentSafety.apply(headers::put, representation.contentType(),
                StoredFileResponse.filename(file), false);
        RangedResponse.setValidators(headers::put, representation, lastModified);
        if (precondition == 304) {
            response.setStatus(304);
            response.write(true, null, done);
            return true;
        }
        headers.put("Accept-Ranges", "bytes");
        headers.put(new HttpField(HttpHeader.CONTENT_TYPE, representation.contentType()));
        headers.put(HttpHeader.CONTENT_LENGTH, representation.length());
        response.write(true, body, done);
        return true;
    }

    /** The whole file, or {@code null} when it cannot be read or is shorter than its metadata says. */
    private static ByteBuffer read(Representation representation) {
        int length = (int) representation.length();
        try (InputStream in = representation.opener().apply(ByteRange.of(0, length))) {
            byte[] bytes = in.readNBytes(length);
            return bytes.length == length ? ByteBuffer.wrap(bytes) : null;
        } catch (IOException | StorageException e) {
            return null;
        }
    }
}
