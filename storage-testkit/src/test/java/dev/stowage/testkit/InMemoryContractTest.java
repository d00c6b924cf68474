package dev.stowage.testkit;

import org.junit.jupiter.api.Nested;

/** The in-memory backend passes the same contract suite as the real ones. */
class InMemoryContractTest {

    @Nested
    class Dir extends UploadDirContract {
        @Override
        protected StorageFactory factory() {
            return new InMemoryFactory();
        }
    }

    @Nested
    class Chunks extends ChunkSinkContract {
        @Override
        protected StorageFactory factory() {
            return new InMemoryFactory();
        }
    }

    @Nested
    class LargeFiles extends LargeFileContract {
        @Override
        protected StorageFactory factory() {
            return new InMemoryFactory();
        }
    }

    @Nested
    class Urls extends UploadUrlContract {
        @Override
        protected StorageFactory factory() {
            return new InMemoryFactory();
        }
    }

    @Nested
    class Downloads extends DownloadSourceContract {
        @Override
        protected StorageFactory factory() {
            return new InMemoryFactory();
        }
    }

    @Nested
    class Resumable extends ResumableChunkSinkContract {
        @Override
        protected StorageFactory factory() {
            return new InMemoryFactory();
        }
    }

    @Nested
    class Concurrency extends ConcurrencyContract {
        @Override
        protected StorageFactory factory() {
            return new InMemoryFactory();
        }
    }
}
