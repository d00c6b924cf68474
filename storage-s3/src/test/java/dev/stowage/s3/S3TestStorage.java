package dev.stowage.s3;

import java.net.URI;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** A builder for a fresh, empty backend on a test server: the shared test bucket, under a new random prefix. */
final class S3TestStorage {
    private S3TestStorage() {
    }

    /** A backend on {@code endpoint} with 5 MiB parts, so multipart paths run with small files. */
    static S3Storage.Builder on(String endpoint) {
        return S3Storage.builder(S3TestServers.BUCKET).endpoint(URI.create(endpoint)).pathStyle(true)
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3TestServers.ACCESS_KEY,
                        S3TestServers.SECRET_KEY)))
                .createBucket(true).partSize(S3Bucket.MIN_PART_SIZE).prefix("t-" + UUID.randomUUID() + "/");
    }
}
