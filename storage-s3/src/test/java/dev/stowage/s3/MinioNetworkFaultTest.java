package dev.stowage.s3;

/** The S3 backend through a faulty network to MinIO. */
class MinioNetworkFaultTest extends S3NetworkFaults {
    @Override
    String endpoint() {
        return S3TestServers.minio();
    }
}
