package dev.stowage.http;

import dev.stowage.api.NameRejectedException;
import dev.stowage.api.Storage;
import dev.stowage.api.StorageException;
import dev.stowage.api.StorageNames;
import dev.stowage.api.spi.ServedUrls;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * The servlet behind {@link HttpSettings#prefix()} ({@code /_upload} by default); map it to both
 * {@code /_upload} and {@code /_upload/*}. It answers:
 * <ul>
 *   <li>{@code GET}/{@code HEAD /_upload/{name}}: the stored file ({@link StoredFileResponse});</li>
 *   <li>{@code POST /_upload}: a multipart upload of field {@code files} ({@link MultipartUpload});</li>
 *   <li>{@code PUT}/{@code POST /_upload/{name}?X-Stowage-...}: a signed upload ({@link SignedUpload}).</li>
 * </ul>
 * The name is the raw request path after the prefix, percent-decoded exactly once; a name the storage name
 * rules refuse, one with a backslash, or a path that does not decode is answered with 400, a missing file with
 * 404, so no path ever reaches outside the store. Every failure is a JSON body naming what was wrong.
 */
public final class FileServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient ServedUrls paths;
    private final transient StoredFileResponse downloads;
    private final transient MultipartUpload multipart;
    private final transient SignedUpload signed;
    private final String prefix;

    /** Serves and takes files of {@code storage} under {@code settings.prefix()}. */
    public FileServlet(Storage storage, HttpSettings settings) {
        this.prefix = settings.prefix();
        this.paths = ServedUrls.at(settings.prefix());
        this.downloads = new StoredFileResponse(storage, settings);
        this.multipart = new MultipartUpload(storage, settings);
        this.signed = new SignedUpload(storage);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            dispatch(request, response);
        } catch (HttpFailure failure) {
            JsonResponses.sendFailure(request, response, failure);
        } catch (StorageException e) {
            JsonResponses.sendFailure(request, response, HttpFailure.of(e));
        } catch (IOException e) {
            JsonResponses.sendFailure(request, response, HttpFailure.badRequest("body_unreadable", "The request "
                    + "body could not be read to its end (" + e.getMessage() + "); nothing was stored"));
        }
    }

    private void dispatch(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String rawPath = request.getRequestURI().substring(request.getContextPath().length());
        String method = request.getMethod();
        if (rawPath.equals(prefix) || rawPath.equals(prefix + "/")) {
            if (!method.equals("POST")) {
                throw methodNotAllowed(method, "POST");
            }
            multipart.handle(request, response);
            return;
        }
        String name = storedName(paths, prefix, rawPath);
        switch (method) {
            case "GET", "HEAD" -> downloads.handle(request, response, name);
            case "PUT", "POST" -> signed.handle(request, response, name);
            default -> throw methodNotAllowed(method, "GET, HEAD, PUT, POST");
        }
    }

    /**
     * The canonical stored name the raw request path {@code rawPath} under {@code prefix} stands for.
     *
     * @throws HttpFailure (400) when the path does not decode or names no storable name
     */
    static String storedName(ServedUrls paths, String prefix, String rawPath) {
        Optional<String> decoded = paths.nameOf(rawPath);
        if (decoded.isEmpty()) {
            throw HttpFailure.badRequest("bad_path", "The path is not under " + prefix
                    + "/ or is not valid percent-encoded UTF-8");
        }
        String name = decoded.get();
        if (name.indexOf('\\') >= 0) {
            throw HttpFailure.badRequest("name_rejected", "A stored name never holds a backslash");
        }
        try {
            return StorageNames.normalize(name);
        } catch (NameRejectedException e) {
            throw HttpFailure.of(e);
        }
    }

    private static HttpFailure methodNotAllowed(String method, String allowed) {
        return new HttpFailure(405, "method_not_allowed", method + " is not allowed here; allowed: " + allowed);
    }
}
