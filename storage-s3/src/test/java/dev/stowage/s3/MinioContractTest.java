package dev.stowage.s3;

import dev.stowage.testkit.StorageFactory;

/** The S3 backend passes the contract suite on MinIO, moving 1 GiB files through a 64 MiB heap. */
class MinioContractTest extends S3ContractSuite {
    @Override
    StorageFactory factory() {
        return new MinioFactory();
    }

    @Override
    String server() {
        return "minio";
    }

    @Override
    String endpoint() {
        return S3TestServers.minio();
    }

    @Override
    long largeFileSize() {
        return 1024L * 1024 * 1024;
    }
}
