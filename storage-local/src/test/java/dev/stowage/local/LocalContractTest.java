package dev.stowage.local;

import dev.stowage.testkit.ChunkSinkContract;
import dev.stowage.testkit.ConcurrencyContract;
import dev.stowage.testkit.DownloadSourceContract;
import dev.stowage.testkit.LargeFileContract;
import dev.stowage.testkit.ResumableChunkSinkContract;
import dev.stowage.testkit.StorageFactory;
import dev.stowage.testkit.UploadDirContract;
import dev.stowage.testkit.UploadUrlContract;
import org.junit.jupiter.api.Nested;

/**
 * The local backend passes the whole contract suite, keeping metadata in user attributes of the data files
 * where the file system has them (see {@link LocalSidecarContractTest} for the sidecar records).
 */
class LocalContractTest {
    /** Opens the backend the nested suites test. */
    StorageFactory factory() {
        return new LocalFactory();
    }

    @Nested
    class Dir extends UploadDirContract {
        @Override
        protected StorageFactory factory() {
            return LocalContractTest.this.factory();
        }
    }

    @Nested
    class Chunks extends ChunkSinkContract {
        @Override
        protected StorageFactory factory() {
            return LocalContractTest.this.factory();
        }
    }

    @Nested
    class LargeFiles extends LargeFileContract {
        @Override
        protected StorageFactory factory() {
            return LocalContractTest.this.factory();
        }
    }

    @Nested
    class Urls extends UploadUrlContract {
        @Override
        protected StorageFactory factory() {
            return LocalContractTest.this.factory();
        }
    }

    @Nested
    class Downloads extends DownloadSourceContract {
        @Override
        protected StorageFactory factory() {
            return LocalContractTest.this.factory();
        }
    }

    @Nested
    class Resumable extends ResumableChunkSinkContract {
        @Override
        protected StorageFactory factory() {
            return LocalContractTest.this.factory();
        }
    }

    @Nested
    class Concurrency extends ConcurrencyContract {
        @Override
        protected StorageFactory factory() {
            return LocalContractTest.this.factory();
        }
    }
}
