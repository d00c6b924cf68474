package dev.stowage.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * fake-gcs-server in a Docker container, for users' integration tests of the GCS backend: start it (e.g. as a
 * Testcontainers {@code @Container}), create a bucket, and open Stowage on it with
 * {@code Stowage.open(container.settings(bucket, prefix))} — storage-gcs must be on the test classpath; this
 * class does not depend on it. The server keeps everything in memory and checks no credentials or
 * signatures.
 */
public final class FakeGcsContainer extends GenericContainer<FakeGcsContainer> {
    /** The image used unless another is given. */
    public static final DockerImageName DEFAULT_IMAGE = DockerImageName.parse("fsouza/fake-gcs-server:1.56.1");
    private static final int PORT = 4443;

    /** A container of {@link #DEFAULT_IMAGE}. */
    public FakeGcsContainer() {
        this(DEFAULT_IMAGE);
    }

    /** A container of {@code image}, a fake-gcs-server image. */
    public FakeGcsContainer(DockerImageName image) {
        super(image);
        withExposedPorts(PORT);
        withCommand("-scheme", "http", "-backend", "memory", "-port", Integer.toString(PORT));
        waitingFor(Wait.forHttp("/storage/v1/b").forPort(PORT).forStatusCode(200));
    }

    /** The server's URL as seen from this JVM: {@code http://<host>:<mapped port>}. */
    public String url() {
        return "http://" + getHost() + ":" + getMappedPort(PORT);
    }

    /**
     * Creates {@code bucket} on the running server.
     *
     * @throws IllegalStateException when the server refuses
     */
    public void createBucket(String bucket) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/storage/v1/b?project=stowage"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + bucket + "\"}", StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("fake-gcs-server did not create bucket " + bucket + ": HTTP "
                        + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("fake-gcs-server cannot be reached at " + url(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating bucket " + bucket, e);
        }
    }

    /**
     * The Stowage settings of the GCS backend on {@code bucket} under {@code prefix} (may be empty) in this
     * server: no credentials are sent. Add {@code stowage.gcs.credentials-file} to sign URLs.
     */
    public Map<String, String> settings(String bucket, String prefix) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("stowage.backend", "gcs");
        settings.put("stowage.gcs.bucket", bucket);
        settings.put("stowage.gcs.prefix", prefix);
        settings.put("stowage.gcs.host", url());
        settings.put("stowage.gcs.anonymous", "true");
        settings.put("stowage.gcs.project-id", "stowage");
        return settings;
    }
}
