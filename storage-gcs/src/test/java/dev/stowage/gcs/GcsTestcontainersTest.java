package dev.stowage.gcs;

import dev.stowage.api.Storage;
import dev.stowage.api.Stowage;
import dev.stowage.testkit.ChunkSinkContract;
import dev.stowage.testkit.FakeGcsContainer;
import dev.stowage.testkit.ResumableChunkSinkContract;
import dev.stowage.testkit.StorageFactory;
import dev.stowage.testkit.UploadDirContract;
import dev.stowage.testkit.UploadUrlContract;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The contract suite against fake-gcs-server in Docker through the testkit's {@link FakeGcsContainer}, opened
 * from configuration as users do; skipped where there is no Docker (the same suite runs against the
 * fake-gcs-server binary in {@link GcsContractTest} everywhere).
 */
@Testcontainers(disabledWithoutDocker = true)
class GcsTestcontainersTest {
    @Container
    static final FakeGcsContainer SERVER = new FakeGcsContainer();

    @BeforeAll
    static void createBucket() {
        SERVER.createBucket(FakeGcsServer.BUCKET);
    }

    /** Opens the backend on the container, under a prefix named after the test's work directory. */
    public static final class ContainerFactory implements StorageFactory {
        @Override
        public Storage open(Path workDir) {
            Map<String, String> settings = new java.util.HashMap<>(SERVER.settings(FakeGcsServer.BUCKET,
                    "c-" + workDir.getFileName()));
            settings.put("stowage.gcs.credentials-file", TestServiceAccount.keyFile(workDir).toString());
            return Stowage.open(settings);
        }
    }

    @Test
    void theContainerServesTheBucket() {
        try (Storage storage = Stowage.open(SERVER.settings(FakeGcsServer.BUCKET, "probe"))) {
            storage.dir().save("hello.txt", new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}));
            org.junit.jupiter.api.Assertions.assertEquals(3, storage.dir().stat("hello.txt").size());
        }
    }

    @Nested
    class Dir extends UploadDirContract {
        @Override
        protected StorageFactory factory() {
            return new ContainerFactory();
        }
    }

    @Nested
    class Chunks extends ChunkSinkContract {
        @Override
        protected StorageFactory factory() {
            return new ContainerFactory();
        }
    }

    @Nested
    class Resumable extends ResumableChunkSinkContract {
        @Override
        protected StorageFactory factory() {
            return new ContainerFactory();
        }
    }

    @Nested
    class Urls extends UploadUrlContract {
        @Override
        protected StorageFactory factory() {
            return new ContainerFactory();
        }
    }
}
