package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.Capabilities;
import dev.stowage.api.Capability;
import dev.stowage.api.PresignedUpload;
import dev.stowage.api.Storage;
import dev.stowage.api.UploadDir;
import dev.stowage.api.UploadPolicy;
import dev.stowage.api.UploadUrl;
import dev.stowage.local.LocalStorage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HttpSettings#redirectDownloads()}: a backend that presigns its own downloads (as S3 and GCS do) gets a 302
 * to a presigned GET under the download filename. The backend here keeps its files on local disk but signs
 * downloads the way a cloud backend does, at URLs of its own (another host).
 */
class DownloadRedirectTest {
    @TempDir
    Path tmp;

    /** Local files with download URLs signed elsewhere, as a cloud backend's are. */
    record SelfSigningBackend(LocalStorage local) implements Storage, UploadUrl {
        @Override
        public String backend() {
            return "self-signing";
        }

        @Override
        public Capabilities capabilities() {
            return Capabilities.of(Capability.PRESIGNED_DOWNLOAD);
        }

        @Override
        public UploadDir dir() {
            return local.dir();
        }

        @Override
        public UploadUrl urls() {
            return this;
        }

        @Override
        public URI of(String name) {
            return URI.create("https://bucket.example/" + name);
        }

        @Override
        public PresignedUpload presignUpload(String name, UploadPolicy policy) {
            return local.urls().presignUpload(name, policy);
        }

        @Override
        public URI presignDownload(String name, Duration ttl, String filename) {
            return URI.create("https://bucket.example/" + name + "?ttl=" + ttl.toSeconds() + "&filename=" + filename);
        }

        @Override
        public void close() {
            local.close();
        }
    }

    @Test
    void cloudDownloadsRedirectToAPresignedGet() throws Exception {
        try (SelfSigningBackend backend = new SelfSigningBackend(LocalStorage.open(tmp.resolve("uploads")))) {
            backend.dir().save("report.pdf", new ByteArrayInputStream(new byte[] {1}));
            Server jetty = new Server();
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost("127.0.0.1");
            jetty.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler();
            StowageServlets.mount(context, backend, HttpSettings.builder().redirectDownloads(true).build());
            jetty.setHandler(context);
            jetty.start();
            try {
                HttpClient client = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + connector.getLocalPort();
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base
                        + "/_upload/report.pdf?download=Q3.pdf")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(302, r.statusCode());
                assertEquals("https://bucket.example/report.pdf?ttl=900&filename=Q3.pdf",
                        r.headers().firstValue("Location").orElseThrow());
                HttpResponse<String> missing = client.send(HttpRequest.newBuilder(URI.create(base
                        + "/_upload/none.pdf")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(404, missing.statusCode());
                assertTrue(missing.body().contains("not_found"));
            } finally {
                jetty.stop();
            }
        }
    }
}
