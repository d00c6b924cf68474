package dev.stowage.gcs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import dev.stowage.api.Storage;
import dev.stowage.testkit.FaultProxy;
import dev.stowage.testkit.NetworkFaultContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The GCS backend through a {@link FaultProxy} in front of fake-gcs-server, with 256 KiB pieces, one-second read
 * timeouts, two-second request timeouts and three attempts per call, 100 ms apart at first; leftovers are looked
 * for by listing the hidden {@code .stowage/} prefix with the client library straight on the server, and in the
 * spool folder.
 *
 * <p>fake-gcs-server appends whatever bytes a resumable-session request carries, at any offset, and takes a status
 * query as the end of the upload: a session request whose answer was lost cannot be repeated safely against it
 * (real GCS ignores bytes it already holds). Against it such an upload fails, caught by the CRC32C check before
 * anything is visible; the drill allows that, as it allows any clean failure.
 */
class GcsNetworkFaultTest extends NetworkFaultContract {
    @RegisterExtension
    static final FakeGcsServer SERVER = new FakeGcsServer();

    @Override
    protected String serverUrl() {
        return SERVER.url();
    }

    private static GcsStorage.Builder on(String host, Path workDir) {
        return GcsStorage.builder(FakeGcsServer.BUCKET).prefix("t-" + workDir.getFileName()).host(host)
                .projectId("stowage-test").credentials(NoCredentials.getInstance())
                .signer(TestServiceAccount.credentials()).spoolDir(workDir.resolve("spool"))
                .pieceSize(ResumableSession.GRANULE);
    }

    @Override
    protected Storage openDirect(Path workDir) {
        return on(SERVER.url(), workDir).open();
    }

    @Override
    protected Storage openThrough(String proxyUrl, Path workDir) {
        return on(proxyUrl, workDir).readTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(2)).maxAttempts(3).retryDelay(Duration.ofMillis(100)).open();
    }

    @Override
    protected void assertNoUnfinishedUploads(Storage direct) throws IOException {
        String hidden = "t-" + workDir.getFileName() + "/.stowage/";
        List<String> keys = new ArrayList<>();
        try (com.google.cloud.storage.Storage client = closeable(SERVER.client())) {
            for (Blob blob : client.list(FakeGcsServer.BUCKET,
                    com.google.cloud.storage.Storage.BlobListOption.prefix(hidden)).iterateAll()) {
                keys.add(blob.getName());
            }
        } catch (Exception e) {
            throw new IOException(e);
        }
        assertEquals(List.of(), keys, "upload state or data objects left");
        Path spool = workDir.resolve("spool");
        if (Files.exists(spool)) {
            try (Stream<Path> files = Files.walk(spool)) {
                assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "spool files left");
            }
        }
    }

    private static com.google.cloud.storage.Storage closeable(com.google.cloud.storage.Storage client) {
        return client;
    }

    @Override
    protected int severalPartsSize() {
        return 3 * ResumableSession.GRANULE + 1;
    }

    @Override
    protected FaultProxy.Fault serverError(int status) {
        return FaultProxy.Fault.gcsError(status, status == 503 ? "backendError" : "internalError");
    }
}
