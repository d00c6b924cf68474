package dev.stowage.s3;

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
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole contract suite against the S3 backend on one real S3 server, named by the subclass. */
@ExtendWith(ServerQuirks.class)
abstract class S3ContractSuite {

    /** Contract tests the server fails by its own fault, by method name, each with the fault. */
    Map<String, String> serverQuirks() {
        return Map.of();
    }

    /** Opens fresh backends on the server. */
    abstract StorageFactory factory();

    /** The server's name in {@link S3TestServers#property}. */
    abstract String server();

    /** The server's endpoint (starting it). */
    abstract String endpoint();

    /** The size of the file the large-file probes move. */
    abstract long largeFileSize();

    @Nested
    class Dir extends UploadDirContract {
        @Override
        protected StorageFactory factory() {
            return S3ContractSuite.this.factory();
        }
    }

    @Nested
    class Chunks extends ChunkSinkContract {
        @Override
        protected StorageFactory factory() {
            return S3ContractSuite.this.factory();
        }
    }

    @Nested
    class Concurrency extends ConcurrencyContract {
        @Override
        protected StorageFactory factory() {
            return S3ContractSuite.this.factory();
        }

        @Override
        protected int severalPartsSize() {
            return (int) S3Bucket.MIN_PART_SIZE + 1;
        }
    }

    @Nested
    class Resumable extends ResumableChunkSinkContract {
        @Override
        protected StorageFactory factory() {
            return S3ContractSuite.this.factory();
        }

        @Override
        protected int partSize() {
            return (int) S3Bucket.MIN_PART_SIZE;
        }
    }

    @Nested
    class LargeFiles extends LargeFileContract {
        @Override
        protected StorageFactory factory() {
            return S3ContractSuite.this.factory();
        }

        @Override
        protected long largeFileSize() {
            return S3ContractSuite.this.largeFileSize();
        }

        @Override
        protected Map<String, String> childSystemProperties() {
            return Map.of(S3TestServers.property(server()), endpoint(), "org.slf4j.simpleLogger.defaultLogLevel", "off");
        }
    }

    @Nested
    class Urls extends UploadUrlContract {
        @Override
        protected StorageFactory factory() {
            return S3ContractSuite.this.factory();
        }
    }

    @Nested
    class Downloads extends DownloadSourceContract {
        @Override
        protected StorageFactory factory() {
            return S3ContractSuite.this.factory();
        }
    }

    @Nested
    class Presigned extends PresignedRoundTrips {
        @Override
        String endpoint() {
            return S3ContractSuite.this.endpoint();
        }
    }

    @Nested
    class ResumableOnS3 extends ResumableUploadBehaviour {
        @Override
        String endpoint() {
            return S3ContractSuite.this.endpoint();
        }
    }

    @Nested
    class Multipart extends MultipartBehaviour {
        @Override
        String endpoint() {
            return S3ContractSuite.this.endpoint();
        }
    }
}
