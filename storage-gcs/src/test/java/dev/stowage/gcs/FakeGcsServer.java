package dev.stowage.gcs;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.stowage.testkit.ServerBinary;
import dev.stowage.testkit.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * fake-gcs-server on a free loopback port, in memory, with one bucket, for one test class. Its public host
 * is its own address, so signed URLs and form posts made for it reach it.
 */
final class FakeGcsServer implements AutoCloseable {
    /** The bucket every test uses. */
    static final String BUCKET = "stowage-test";
    /** The system property that tells {@link GcsFactory} (also in a child JVM) where the server is. */
    static final String HOST_PROPERTY = "stowage.test.gcs.host";

    private final ServerProcess process;

    private FakeGcsServer(ServerProcess process) {
        this.process = process;
    }

    /** Starts the server, creates {@link #BUCKET} and points {@link #HOST_PROPERTY} at it. */
    static FakeGcsServer start() throws Exception {
        int port = ServerProcess.freePort();
        String address = "127.0.0.1:" + port;
        Path log = Files.createTempFile("fake-gcs-server", ".log");
        ServerProcess process = ServerProcess.start("fake-gcs-server", List.of(
                ServerBinary.require("fake-gcs-server").toString(), "-scheme", "http", "-backend", "memory",
                "-host", "127.0.0.1", "-port", Integer.toString(port), "-public-host", address,
                "-external-url", "http://" + address, "-log-level", "warn"), Map.of(), port, log,
                Duration.ofSeconds(30));
        FakeGcsServer server = new FakeGcsServer(process);
        Storage client = StorageOptions.http().setHost(server.url()).setProjectId("stowage-test")
                .setCredentials(NoCredentials.getInstance()).build().getService();
        try {
            client.create(BucketInfo.of(BUCKET));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        } finally {
            client.close();
        }
        System.setProperty(HOST_PROPERTY, server.url());
        return server;
    }

    /** {@code http://127.0.0.1:<port>}. */
    String url() {
        return process.httpUrl();
    }

    @Override
    public void close() {
        System.clearProperty(HOST_PROPERTY);
        process.close();
    }
}
