package dev.stowage.testkit;

import dev.stowage.api.Storage;
import dev.stowage.api.Stowage;
import java.util.Map;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.localstack.LocalStackContainer;

/**
 * The S3 backend ({@code storage-s3} on the test classpath) on a running Testcontainers MinIO or LocalStack
 * container, in one line: {@code Storage storage = S3Containers.open(minio, "uploads");}. The bucket is created
 * when missing; URLs it hands out point at the container's mapped port, so a test's HTTP client reaches them.
 * Add {@code org.testcontainers:testcontainers-minio} or {@code testcontainers-localstack} for the container.
 */
public final class S3Containers {
    private S3Containers() {
    }

    /** The S3 backend on {@code minio}, in {@code bucket}. */
    public static Storage open(MinIOContainer minio, String bucket) {
        return Stowage.open(settings(bucket, minio.getS3URL(), "us-east-1", minio.getUserName(),
                minio.getPassword()));
    }

    /** The S3 backend on {@code localstack} (with S3 among its services), in {@code bucket}. */
    public static Storage open(LocalStackContainer localstack, String bucket) {
        return Stowage.open(settings(bucket, localstack.getEndpoint().toString(), localstack.getRegion(),
                localstack.getAccessKey(), localstack.getSecretKey()));
    }

    private static Map<String, String> settings(String bucket, String endpoint, String region, String accessKey,
            String secretKey) {
        return Map.of("stowage.backend", "s3", "stowage.s3.bucket", bucket, "stowage.s3.endpoint", endpoint,
                "stowage.s3.region", region, "stowage.s3.path-style", "true", "stowage.s3.create-bucket", "true",
                "stowage.s3.access-key-id", accessKey, "stowage.s3.secret-access-key", secretKey);
    }
}
