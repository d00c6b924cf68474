package dev.stowage.s3;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A builder for a fresh, empty backend on a test server: a new bucket of its own, without a key prefix, so
 * names may use all of S3's 1,024 key bytes.
 */
final class S3TestStorage {
    private S3TestStorage() {
    }

    /** A backend on {@code endpoint} with 5 MiB parts, so multipart paths run with small files. */
    static S3Storage.Builder on(String endpoint) {
        return on(endpoint, "t-" + UUID.randomUUID().toString().substring(0, 23));
    }

    /**
     * A backend on {@code endpoint} in the bucket of {@code workDir}: the same bucket each time for one work
     * folder, so a second instance opened with it sees what the first stored.
     */
    static S3Storage.Builder on(String endpoint, Path workDir) {
        return on(endpoint, "w-" + UUID.nameUUIDFromBytes(workDir.toAbsolutePath().toString()
                .getBytes(StandardCharsets.UTF_8)).toString().substring(0, 23));
    }

    /** A backend on {@code endpoint} in {@code bucket}, with 5 MiB parts. */
    static S3Storage.Builder on(String endpoint, String bucket) {
        return S3Storage.builder(bucket).endpoint(URI.create(endpoint)).pathStyle(true)
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3TestServers.ACCESS_KEY,
                        S3TestServers.SECRET_KEY)))
                .createBucket(true).partSize(S3Bucket.MIN_PART_SIZE);
    }
}
