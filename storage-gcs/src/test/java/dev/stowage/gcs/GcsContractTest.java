package dev.stowage.gcs;

import dev.stowage.testkit.ChunkSinkContract;
import dev.stowage.testkit.ConcurrencyContract;
import dev.stowage.testkit.DownloadSourceContract;
import dev.stowage.testkit.LargeFileContract;
import dev.stowage.testkit.ResumableChunkSinkContract;
import dev.stowage.testkit.StorageFactory;
import dev.stowage.testkit.UploadDirContract;
import dev.stowage.testkit.UploadUrlContract;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The GCS backend passes the whole contract suite against fake-gcs-server. */
class GcsContractTest {
    @RegisterExtension
    static final FakeGcsServer SERVER = new FakeGcsServer();

    @Nested
    class Dir extends UploadDirContract {
        @Override
        protected StorageFactory factory() {
            return new GcsFactory();
        }
    }

    @Nested
    class Chunks extends ChunkSinkContract {
        @Override
        protected StorageFactory factory() {
            return new GcsFactory();
        }
    }

    /** The chunk contract again with 256 KiB pieces, so its files go out in several session requests. */
    @Nested
    class ChunksInSmallPieces extends ChunkSinkContract {
        @Override
        protected StorageFactory factory() {
            return new SmallPieceGcsFactory();
        }
    }

    @Nested
    class Concurrency extends ConcurrencyContract {
        @Override
        protected StorageFactory factory() {
            return new GcsFactory();
        }
    }

    /** The concurrency contract with 256 KiB pieces: racing writers send several session requests. */
    @Nested
    class ConcurrencyInSmallPieces extends ConcurrencyContract {
        @Override
        protected StorageFactory factory() {
            return new SmallPieceGcsFactory();
        }

        @Override
        protected int severalPartsSize() {
            return 2 * ResumableSession.GRANULE + 1;
        }
    }

    @Nested
    class Resumable extends ResumableChunkSinkContract {
        @Override
        protected StorageFactory factory() {
            return new GcsFactory();
        }
    }

    /** The resumable contract with 256 KiB pieces: uploads go through sessions that are taken up again. */
    @Nested
    class ResumableInSmallPieces extends ResumableChunkSinkContract {
        @Override
        protected StorageFactory factory() {
            return new SmallPieceGcsFactory();
        }
    }

    @Nested
    class LargeFiles extends LargeFileContract {
        @Override
        protected StorageFactory factory() {
            return new GcsFactory();
        }

        @Override
        protected long largeFileSize() {
            return 1024L * 1024 * 1024;
        }

        @Override
        protected Map<String, String> childSystemProperties() {
            return Map.of(FakeGcsServer.HOST_PROPERTY, SERVER.url(),
                    GcsFactory.PIECE_SIZE_PROPERTY, Integer.toString(128 * 1024 * 1024));
        }
    }

    @Nested
    class Urls extends UploadUrlContract {
        @Override
        protected StorageFactory factory() {
            return new GcsFactory();
        }
    }

    @Nested
    class Downloads extends DownloadSourceContract {
        @Override
        protected StorageFactory factory() {
            return new GcsFactory();
        }
    }
}
