package dev.stowage.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeSet;

/**
 * The standalone server's upload page: {@code GET /} and its script and style sheet, plain files from this
 * module's resources (no build step). The page learns the upload paths, limits and resumable threshold from
 * its {@code body}'s data attributes, filled in here. Any other path is a 404.
 */
public final class PageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final String FOLDER = "/dev/stowage/http/page/";
    /** The paths served, each with its resource and content type. */
    private static final Map<String, String[]> FILES = Map.of(
            "/", new String[] {"index.html", "text/html; charset=utf-8"},
            "/page.js", new String[] {"page.js", "text/javascript; charset=utf-8"},
            "/page.css", new String[] {"page.css", "text/css; charset=utf-8"});
    private static final Map<Character, String> HTML_ESCAPES = Map.of('&', "&amp;", '<', "&lt;", '>', "&gt;",
            '"', "&quot;", '\'', "&#39;");
    /** The page loads nothing from elsewhere and talks only to this server. */
    private static final String POLICY = "default-src 'self'; img-src 'self' blob: data:; object-src 'none'; "
            + "base-uri 'none'; frame-ancestors 'none'";

    private final transient HttpSettings settings;

    /** The page for a server whose HTTP face runs with {@code settings}. */
    public PageServlet(HttpSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String[] file = FILES.get(path.isEmpty() ? "/" : path);
        if (file == null) {
            JsonResponses.sendFailure(request, response, HttpFailure.notFound("Nothing is served at " + path));
            return;
        }
        try (InputStream in = PageServlet.class.getResourceAsStream(FOLDER + file[0])) {
            if (in == null) {
                throw new IllegalStateException("The page resource " + FOLDER + file[0] + " is missing");
            }
            response.setContentType(file[1]);
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Content-Security-Policy", POLICY);
            response.setHeader("Cache-Control", "no-cache");
            if (file[0].equals("index.html")) {
                String html = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .replace("{{prefix}}", escape(settings.prefix()))
                        .replace("{{maxFileSize}}", Long.toString(settings.maxFileSize()))
                        .replace("{{tusPath}}", StowageServlets.TUS_PATH)
                        .replace("{{resumableThreshold}}", Long.toString(settings.resumableThreshold()))
                        .replace("{{allowedTypes}}", escape(String.join(",", new TreeSet<>(settings.allowedTypes()))));
                response.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
            } else {
                in.transferTo(response.getOutputStream());
            }
        }
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.chars().forEach(c -> out.append(HTML_ESCAPES.getOrDefault((char) c, String.valueOf((char) c))));
        return out.toString();
    }
}
