package dev.stowage.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Cross-origin access for browsers, to the configured origins only ({@link HttpSettings#corsOrigins()}).
 * Every response says {@code Vary: Origin}. A request from an allowed origin gets
 * {@code Access-Control-Allow-Origin} with that origin and the exposed upload and tus headers; a preflight
 * ({@code OPTIONS} with {@code Access-Control-Request-Method}) from one is answered here with 204, the allowed
 * methods, the allowed request headers (including {@code Content-Type}, {@code Digest},
 * {@code Content-Digest} and the tus headers) and {@code Access-Control-Max-Age}. A preflight from any other
 * origin gets 403 without CORS headers, so the browser blocks the request.
 */
public final class CorsFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    /** Methods the HTTP face answers. */
    static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    /** Request headers browsers may send. */
    static final String ALLOWED_HEADERS = "Content-Type, Digest, Content-Digest, Range, If-Match, If-None-Match, "
            + "If-Modified-Since, If-Range, Tus-Resumable, Upload-Length, Upload-Offset, Upload-Metadata, "
            + "Upload-Checksum, Upload-Defer-Length, Upload-Concat, X-HTTP-Method-Override, X-Requested-With";
    /** Response headers scripts may read. */
    static final String EXPOSED_HEADERS = "Location, ETag, Content-Range, Content-Disposition, Upload-Offset, "
            + "Upload-Length, Upload-Expires, Tus-Resumable, Tus-Version, Tus-Extension, Tus-Max-Size, "
            + "Tus-Checksum-Algorithm, " + TusServlet.STORAGE_ID_HEADER;

    private final transient Set<String> origins;
    private final long maxAgeSeconds;

    public CorsFilter(HttpSettings settings) {
        this.origins = settings.corsOrigins();
        this.maxAgeSeconds = settings.corsMaxAge().toSeconds();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        boolean allowed = origin != null && origins.contains(origin);
        boolean preflight = request.getMethod().equals("OPTIONS")
                && request.getHeader("Access-Control-Request-Method") != null;
        if (preflight) {
            response.addHeader("Vary", "Origin");
            if (!allowed) {
                JsonResponses.sendFailure(request, response, new HttpFailure(403, "origin_not_allowed", "Origin "
                        + (origin == null ? "(none)" : "'" + origin + "'") + " may not call this server; allowed: "
                        + origins));
                return;
            }
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
            response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            response.setHeader("Access-Control-Max-Age", Long.toString(maxAgeSeconds));
            response.setStatus(204);
            return;
        }
        addResponseHeaders(origin, response::addHeader);
        chain.doFilter(request, response);
    }

    /**
     * Adds, through {@code addHeader} (name, value), the CORS headers of a response to a request that is no
     * preflight, from {@code origin} (its {@code Origin} header, or {@code null}).
     */
    void addResponseHeaders(String origin, BiConsumer<String, String> addHeader) {
        addHeader.accept("Vary", "Origin");
        if (origin != null && origins.contains(origin)) {
            addHeader.accept("Access-Control-Allow-Origin", origin);
            addHeader.accept("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
    }
}
