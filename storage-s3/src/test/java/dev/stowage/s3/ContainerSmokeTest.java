package dev.stowage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.api.Storage;
import dev.stowage.testkit.S3Containers;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;

/**
 * What users run: the S3 backend on Testcontainers MinIO and LocalStack through {@link S3Containers}. Skipped
 * where no Docker engine runs; the contract suite covers the backend on S3Proxy and MinIO without Docker.
 * Run it with Docker: {@code mvn -B -pl storage-s3 -am verify -Dtest=ContainerSmokeTest}.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerSmokeTest {
    @Container
    static final MinIOContainer MINIO = new MinIOContainer("minio/minio:RELEASE.2023-09-04T19-57-37Z");

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer("localstack/localstack:3.8.1")
            .withServices("s3");

    @Test
    void savesReadsAndPresignsOnMinio() throws Exception {
        try (Storage storage = S3Containers.open(MINIO, "uploads")) {
            roundTrip(storage);
        }
    }

    @Test
    void savesReadsAndPresignsOnLocalStack() throws Exception {
        try (Storage storage = S3Containers.open(LOCALSTACK, "uploads")) {
            roundTrip(storage);
        }
    }

    private static void roundTrip(Storage storage) throws Exception {
        byte[] data = {1, 2, 3};
        storage.dir().save("a.bin", new ByteArrayInputStream(data));
        assertArrayEquals(data, storage.dir().open("a.bin").readAllBytes());
        URI shown = storage.urls().of("a.bin");
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(shown).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertArrayEquals(data, response.body());
    }
}
