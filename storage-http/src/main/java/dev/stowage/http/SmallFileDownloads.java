package dev.stowage.http;

import dev.stowage.api.Storage;
import dev.stowage.api.StorageException;
import dev.stowage.api.StoredFile;
import dev.stowage.api.spi.ServedUrls;
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
 * is non-blocking, so Jetty runs it on the thread that read the request, with no hand-off to a pool thread, and
 * sends the whole response in one write, without the servlet layer's wrappers, filters and stream copies. The
 * answer for a file is prepared once ({@link PreparedDownload}: its bytes, read there from the page cache as nginx
 * does and checked against the record's SHA-256, and its encoded headers) and kept in {@link PreparedDownloads};
 * each request stats the name and sends the kept answer while the record is the same, else prepares it again.
 * It answers exactly what {@link FileServlet} would (the same status, the same headers from
 * {@link CorsFilter#addResponseHeaders}, {@link ContentSafety}, {@link RangedResponse#setValidators} and the same
 * {@link ConditionalRequest} answers, 200 or 304), and hands every other request on to the servlets, on a pool
 * thread since they block: other methods and paths, a query ({@code ?download=}, signed URLs), a {@code Range},
 * a percent-encoded or dot-segment path, a name the servlet would refuse, a missing file, a file over
 * {@value #MAX_SIZE} bytes (the servlet streams it), a content type with parameters such as a charset (the
 * servlet response rewrites them as {@code ;charset=utf-8}), a failed precondition (412), a file whose bytes are
 * not the ones its record describes, and any storage failure. Requests it answers count in
 * {@link RequestsInFlight}.
 */
final class SmallFileDownloads extends Handler.Wrapper {
    /** The largest file answered here, read whole into one buffer. */
    static final int MAX_SIZE = 64 * 1024;

    private final Storage storage;
    private final CorsFilter cors;
    private final RequestsInFlight requests;
    private final ServedUrls paths;
    private final String prefix;
    private final PreparedDownloads prepared = new PreparedDownloads();

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
        String path = plainDownloadPath(request);
        if (path != null) {
            requests.begin();
            boolean answered = false;
            try {
                answered = answer(request, response, path, Callback.from(callback, requests::end));
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

    /** The path of a plain GET or HEAD under the prefix, or {@code null} for any other request. */
    private String plainDownloadPath(Request request) {
        String method = request.getMethod();
        HttpURI uri = request.getHttpURI();
        String rawPath = uri.getPath();
        if (!(method.equals("GET") || method.equals("HEAD")) || uri.getQuery() != null
                || rawPath == null || rawPath.length() <= prefix.length() + 1 || !rawPath.startsWith(prefix)
                || rawPath.charAt(prefix.length()) != '/' || !rawPath.equals(uri.getCanonicalPath())
                || request.getHeaders().contains(HttpHeader.RANGE)) {
            return null;
        }
        return rawPath;
    }

    /** The stored name {@code path} asks for, or {@code null} when the servlet would refuse it. */
    private String storedName(String path) {
        try {
            return FileServlet.storedName(paths, prefix, path);
        } catch (HttpFailure refused) {
            return null;
        }
    }

    /**
     * Answers with the file {@code path} asks for, prepared once and again whenever its record changes, or
     * returns false having sent nothing.
     */
    private boolean answer(Request request, Response response, String path, Callback done) {
        PreparedDownloads.Prepared kept = prepared.get(path);
        String name = kept != null ? kept.name() : storedName(path);
        if (name == null) {
            return false;
        }
        PreparedDownload download;
        try {
            StoredFile file = storage.dir().stat(name);
            download = kept != null && kept.download().file().equals(file) ? kept.download() : prepare(path, name, file);
        } catch (StorageException e) {
            return false;
        }
        if (download == null) {
            return false;
        }
        int precondition = new ConditionalRequest(request.getMethod(), request.getHeaders()::get,
                download.etag(), download.lastModified()).preconditionStatus();
        if (precondition == 412) {
            return false;
        }
        HttpFields.Mutable headers = response.getHeaders();
        cors.addResponseHeaders(request.getHeaders().get(HttpHeader.ORIGIN), headers::add);
        download.fileFields().forEach(headers::add);
        if (precondition == 304) {
            response.setStatus(304);
            response.write(true, null, done);
            return true;
        }
        download.bodyFields().forEach(headers::add);
        response.write(true, request.getMethod().equals("GET") ? download.newBody() : null, done);
        return true;
    }

    /** The answer for {@code file}, kept for {@code path}; {@code null} for a file the servlets answer. */
    private PreparedDownload prepare(String path, String name, StoredFile file) {
        if (file.size() > MAX_SIZE || file.contentType().indexOf(';') >= 0) {
            return null; // the servlet streams a large file, and rewrites a type's parameters its own way
        }
        PreparedDownload download = PreparedDownload.of(storage, file);
        if (download != null) {
            prepared.put(path, name, download);
        }
        return download;
    }
}
