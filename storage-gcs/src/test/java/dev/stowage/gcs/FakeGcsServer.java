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
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * fake-gcs-server on a free loopback port, in memory, with one bucket, for one test class: register it as a
 * static {@code @RegisterExtension} field; its nested classes share it. Its public host is its own address,
 * so signed URLs and form posts made for it reach it.
 */
final class FakeGcsServer implements BeforeAllCallback, AfterAllCallback {
    /** The bucket every test uses. */
    static final String BUCKET = "stowage-test";
    /** The system property that tells {@link GcsFactory} (also in a child JVM) where the server is. */
    static final String HOST_PROPERTY = "stowage.test.gcs.host";

    private ServerProcess process;
    private Class<?> owner;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (process != null) {
            return; // a nested class of the owner
        }
        owner = context.getRequiredTestClass();
        int port = ServerProcess.freePort();
        String address = "127.0.0.1:" + port;
        Path log = Files.createTempFile("fake-gcs-server", ".log");
        process = ServerProcess.start("fake-gcs-server", List.of(
                ServerBinary.require("fake-gcs-server").toString(), "-scheme", "http", "-backend", "memory",
                "-host", "127.0.0.1", "-port", Integer.toString(port), "-public-host", address,
                "-external-url", "http://" + address, "-log-level", "warn"), Map.of(), port, log,
                Duration.ofSeconds(30));
        Storage client = client();
        try {
            client.create(BucketInfo.of(BUCKET));
        } finally {
            client.close();
        }
        System.setProperty(HOST_PROPERTY, url());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (process != null && context.getRequiredTestClass() == owner) {
            System.clearProperty(HOST_PROPERTY);
            process.close();
            process = null;
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    String url() {
        return process.httpUrl();
    }

    /** A client library handle on the server, without credentials; the caller closes it. */
    Storage client() {
        return StorageOptions.http().setHost(url()).setProjectId("stowage-test")
                .setCredentials(NoCredentials.getInstance()).build().getService();
    }
}
