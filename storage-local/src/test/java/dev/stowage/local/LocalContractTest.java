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

/** The local backend passes the whole contract suite. */
class LocalContractTest {

    @Nested
    class Dir extends UploadDirContract {
        @Override
        protected StorageFactory factory() {
            return new LocalFactory();
        }
    }

    @Nested
    class Chunks extends ChunkSinkContract {
        @Override
        protected StorageFactory factory() {
            return new LocalFactory();
        }
    }

    @Nested
    class LargeFiles extends LargeFileContract {
        @Override
        protected StorageFactory factory() {
            return new LocalFactory();
        }
    }

    @Nested
    class Urls extends UploadUrlContract {
        @Override
        protected StorageFactory factory() {
            return new LocalFactory();
        }
    }

    @Nested
    class Downloads extends DownloadSourceContract {
        @Override
        protected StorageFactory factory() {
            return new LocalFactory();
        }
    }

    @Nested
    class Resumable extends ResumableChunkSinkContract {
        @Override
        protected StorageFactory factory() {
            return new LocalFactory();
        }
    }

    @Nested
    class Concurrency extends ConcurrencyContract {
        @Override
        protected StorageFactory factory() {
            return new LocalFactory();
        }
    }
}
