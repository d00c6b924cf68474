package dev.stowage.gcs;

import com.google.cloud.NoCredentials;
import dev.stowage.api.Storage;
import dev.stowage.testkit.StorageFactory;
import java.nio.file.Path;

/**
 * Opens the GCS backend on the fake-gcs-server named by {@link FakeGcsServer#HOST_PROPERTY}, under a prefix
 * named after the test's work directory, so every test starts empty and {@link #reopen} sees the same files, signing with {@link TestServiceAccount}. The piece size is the system
 * property {@code stowage.test.gcs.piece-size} when set (small pieces put several in every session).
 */
public class GcsFactory implements StorageFactory {
    static final String PIECE_SIZE_PROPERTY = "stowage.test.gcs.piece-size";

    @Override
    public Storage open(Path workDir) {
        String host = System.getProperty(FakeGcsServer.HOST_PROPERTY);
        if (host == null) {
            throw new IllegalStateException("No fake-gcs-server: " + FakeGcsServer.HOST_PROPERTY + " is not set");
        }
        GcsStorage.Builder builder = GcsStorage.builder(FakeGcsServer.BUCKET)
                .prefix("t-" + workDir.getFileName()).host(host).projectId("stowage-test")
                .credentials(NoCredentials.getInstance()).signer(TestServiceAccount.credentials())
                .spoolDir(workDir.resolve("spool")).pieceSize(pieceSize());
        return builder.open();
    }

    /** The size of the pieces sent to resumable sessions. */
    protected int pieceSize() {
        return Integer.getInteger(PIECE_SIZE_PROPERTY, GcsStorage.DEFAULT_PIECE_SIZE);
    }
}
