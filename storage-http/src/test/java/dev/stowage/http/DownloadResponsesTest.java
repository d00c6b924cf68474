package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.stowage.api.DownloadSource;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.OptionalLong;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link DownloadResponses} in an application's own servlet, on a plain Jetty server. */
class DownloadResponsesTest {
    static Server jetty;
    static String base;
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** An application servlet that sends generated downloads. */
    static final class ReportServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            DownloadSource source = request.getRequestURI().endsWith("/streamed") ? new UnknownLength()
                    : DownloadSource.ofString("name,total\nAda,42\n", "Rapport € 2025.csv");
            DownloadResponses.send(source, request, response);
        }
    }

    /** A source that cannot tell its length. */
    static final class UnknownLength implements DownloadSource {
        @Override
        public String filename() {
            return "stream.bin";
        }

        @Override
        public String contentType() {
            return "application/octet-stream";
        }

        @Override
        public OptionalLong length() {
            return OptionalLong.empty();
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(new byte[] {1, 2, 3});
        }
    }

    @BeforeAll
    static void start() throws Exception {
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        StowageServlets.add(context, new ReportServlet(), "/reports/*");
        jetty.setHandler(context);
        jetty.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.stop();
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void sendsAnAttachmentWithLengthAndType() throws Exception {
        HttpResponse<String> r = get("/reports/latest");
        assertEquals(200, r.statusCode());
        assertEquals("name,total\nAda,42\n", r.body());
        assertEquals("attachment; filename=\"Rapport _ 2025.csv\"; filename*=UTF-8''Rapport%20%E2%82%AC%202025.csv",
                r.headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals("text/csv; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow().toLowerCase());
        assertEquals("18", r.headers().firstValue("Content-Length").orElseThrow());
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElseThrow());
    }

    @Test
    void servesRangesOfSourcesOfKnownLength() throws Exception {
        HttpResponse<String> r = get("/reports/latest", "Range", "bytes=0-3");
        assertEquals(206, r.statusCode());
        assertEquals("name", r.body());
        assertEquals(416, get("/reports/latest", "Range", "bytes=100-").statusCode());
    }

    @Test
    void streamsSourcesOfUnknownLengthWholeWithoutRanges() throws Exception {
        HttpResponse<String> r = get("/reports/streamed", "Range", "bytes=0-0");
        assertEquals(200, r.statusCode());
        assertEquals(3, r.body().length());
        assertFalse(r.headers().firstValue("Accept-Ranges").isPresent());
    }
}
