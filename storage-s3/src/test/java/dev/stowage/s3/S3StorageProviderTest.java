package dev.stowage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.Capability;
import dev.stowage.api.ConfigurationException;
import dev.stowage.api.Storage;
import dev.stowage.api.Stowage;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Configuration of the S3 backend: {@code stowage.backend=s3} with {@code stowage.s3.*} keys or an
 * {@code s3://} URI opens it on a real server; every bad or missing setting fails naming its key, and secrets
 * stay out of messages.
 */
class S3StorageProviderTest {

    private static Map<String, String> onS3Proxy() {
        Map<String, String> keys = new HashMap<>();
        keys.put("stowage.backend", "s3");
        keys.put(S3StorageProvider.BUCKET, "cfg-" + UUID.randomUUID().toString().substring(0, 20));
        keys.put(S3StorageProvider.ENDPOINT, S3TestServers.s3proxy());
        keys.put(S3StorageProvider.PATH_STYLE, "true");
        keys.put(S3StorageProvider.ACCESS_KEY_ID, S3TestServers.ACCESS_KEY);
        keys.put(S3StorageProvider.SECRET_ACCESS_KEY, S3TestServers.SECRET_KEY);
        keys.put(S3StorageProvider.CREATE_BUCKET, "true");
        return keys;
    }

    @Test
    void opensFromKeys() throws Exception {
        Map<String, String> keys = onS3Proxy();
        keys.put(S3StorageProvider.PREFIX, "uploads");
        keys.put(S3StorageProvider.PUBLIC_BASE_URL, "https://cdn.example.com/files/");
        try (Storage storage = Stowage.open(keys)) {
            assertEquals("s3", storage.backend());
            storage.dir().save("a b.txt", new ByteArrayInputStream(new byte[] {1, 2}));
            assertArrayEquals(new byte[] {1, 2}, storage.dir().open("a b.txt").readAllBytes());
            assertEquals("uploads/", ((S3Storage) storage).prefix());
            assertTrue(storage.capabilities().has(Capability.PUBLIC_URLS));
            assertEquals("https://cdn.example.com/files/uploads/a%20b.txt", storage.urls().of("a b.txt").toString());
        }
    }

    @Test
    void opensFromAnS3Uri() throws Exception {
        String bucket = "uri-" + UUID.randomUUID().toString().substring(0, 20);
        Map<String, String> keys = Map.of("stowage.uri", "s3://" + bucket + "/pre/fix?endpoint="
                + S3TestServers.s3proxy() + "&path-style=true&region=eu-west-1&create-bucket=true",
                S3StorageProvider.ACCESS_KEY_ID, S3TestServers.ACCESS_KEY,
                S3StorageProvider.SECRET_ACCESS_KEY, S3TestServers.SECRET_KEY);
        try (S3Storage storage = (S3Storage) Stowage.open(keys)) {
            assertEquals(bucket, storage.bucket());
            assertEquals("pre/fix/", storage.prefix());
            assertFalse(storage.capabilities().has(Capability.PUBLIC_URLS));
            assertTrue(storage.urls().of("x.png").toString().contains("X-Amz-Signature="));
        }
    }

    @Test
    void signsBrowserUrlsForThePublicEndpoint() {
        Map<String, String> keys = onS3Proxy();
        keys.put(S3StorageProvider.PUBLIC_ENDPOINT, "https://files.example.com");
        try (Storage storage = Stowage.open(keys)) {
            String url = storage.urls().of("a.png").toString();
            assertTrue(url.startsWith("https://files.example.com/" + keys.get(S3StorageProvider.BUCKET) + "/a.png?"),
                    url);
        }
    }

    @Test
    void badOrMissingSettingsFailNamingTheirKey() {
        assertFailsNaming(S3StorageProvider.BUCKET, Map.of(S3StorageProvider.BUCKET, ""), true);
        assertFailsNaming(S3StorageProvider.BUCKET, Map.of(S3StorageProvider.BUCKET, "Not_A_Bucket"), false);
        assertFailsNaming(S3StorageProvider.ENDPOINT, Map.of(S3StorageProvider.ENDPOINT, "localhost:9000"), false);
        assertFailsNaming(S3StorageProvider.PUBLIC_ENDPOINT, Map.of(S3StorageProvider.PUBLIC_ENDPOINT, "ftp://x"),
                false);
        assertFailsNaming(S3StorageProvider.PART_SIZE, Map.of(S3StorageProvider.PART_SIZE, "1MiB"), false);
        assertFailsNaming(S3StorageProvider.SINGLE_PUT_LIMIT, Map.of(S3StorageProvider.SINGLE_PUT_LIMIT, "6GiB"),
                false);
        assertFailsNaming(S3StorageProvider.UPLOAD_CONCURRENCY, Map.of(S3StorageProvider.UPLOAD_CONCURRENCY, "0"),
                false);
        assertFailsNaming(S3StorageProvider.URL_EXPIRY, Map.of(S3StorageProvider.URL_EXPIRY, "8d"), false);
        assertFailsNaming(S3StorageProvider.REGION, Map.of(S3StorageProvider.REGION, "EU West"), false);
        assertFailsNaming(S3StorageProvider.PATH_STYLE, Map.of(S3StorageProvider.PATH_STYLE, "maybe"), false);
    }

    @Test
    void aKeyIdWithoutItsSecretFailsWithoutShowingEither() {
        Map<String, String> keys = onS3Proxy();
        keys.put(S3StorageProvider.ACCESS_KEY_ID, "AKIAEXAMPLEID");
        keys.remove(S3StorageProvider.SECRET_ACCESS_KEY);
        ConfigurationException error = assertThrows(ConfigurationException.class, () -> Stowage.open(keys));
        assertTrue(error.getMessage().contains(S3StorageProvider.SECRET_ACCESS_KEY), error.getMessage());
        assertFalse(error.getMessage().contains("AKIAEXAMPLEID"), error.getMessage());
        Map<String, String> wrongSecret = onS3Proxy();
        wrongSecret.put(S3StorageProvider.SECRET_ACCESS_KEY, "wrong-secret-value");
        RuntimeException refused = assertThrows(RuntimeException.class, () -> Stowage.open(wrongSecret));
        assertFalse(refused.getMessage().contains("wrong-secret-value"), refused.getMessage());
    }

    private static void assertFailsNaming(String key, Map<String, String> changes, boolean removeInstead) {
        Map<String, String> keys = onS3Proxy();
        changes.forEach((name, value) -> {
            if (removeInstead) {
                keys.remove(name);
            } else {
                keys.put(name, value);
            }
        });
        ConfigurationException error = assertThrows(ConfigurationException.class, () -> Stowage.open(keys), key);
        assertTrue(error.getMessage().contains(key), error.getMessage());
    }
}
