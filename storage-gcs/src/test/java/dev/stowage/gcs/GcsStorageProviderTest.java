package dev.stowage.gcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.Capability;
import dev.stowage.api.ConfigurationException;
import dev.stowage.api.Storage;
import dev.stowage.api.Stowage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider opens the backend from {@code stowage.gcs.*} keys or a {@code gs://} URI and names every bad key. */
class GcsStorageProviderTest {
    @TempDir
    Path workDir;

    private static final Map<String, String> EMULATOR = Map.of("stowage.gcs.host", "http://127.0.0.1:9",
            "stowage.gcs.anonymous", "true", "stowage.gcs.project-id", "p");

    @Test
    void opensFromAGsUri() {
        Map<String, String> settings = new HashMap<>(EMULATOR);
        settings.put("stowage.uri", "gs://media/tenant%2F1?upload-piece-size=1MiB");
        try (Storage storage = Stowage.open(settings)) {
            assertEquals("gcs", storage.backend());
            assertTrue(storage.capabilities().has(Capability.RESUMABLE_UPLOADS));
            assertTrue(storage.capabilities().has(Capability.PRESIGNED_POST_FORM));
            assertTrue(!storage.capabilities().has(Capability.PUBLIC_URLS));
        }
    }

    @Test
    void publicBaseUrlsGivePlainUrls() {
        Map<String, String> settings = new HashMap<>(EMULATOR);
        settings.put("stowage.uri", "gs://media/tenant");
        settings.put("stowage.gcs.public-base-url", "https://cdn.example.com/files");
        try (Storage storage = Stowage.open(settings)) {
            assertTrue(storage.capabilities().has(Capability.PUBLIC_URLS));
            assertEquals("https://cdn.example.com/files/tenant/a%20b/c.png", storage.urls().of("a b/c.png").toString());
        }
    }

    @Test
    void namesTheKeyOfEveryBadSetting() {
        assertBad(Map.of("stowage.backend", "gcs"), GcsStorageProvider.BUCKET);
        assertBad(Map.of("stowage.gcs.bucket", "Not A Bucket"), GcsStorageProvider.BUCKET);
        assertBad(Map.of("stowage.gcs.bucket", "bucket", "stowage.gcs.prefix", "../up"), GcsStorageProvider.PREFIX);
        assertBad(Map.of("stowage.gcs.bucket", "bucket", "stowage.gcs.host", "ftp://x"), GcsStorageProvider.HOST);
        assertBad(Map.of("stowage.gcs.bucket", "bucket", "stowage.gcs.upload-piece-size", "100KiB"),
                GcsStorageProvider.PIECE_SIZE);
        assertBad(Map.of("stowage.gcs.bucket", "bucket", "stowage.gcs.upload-piece-size", "4GiB"),
                GcsStorageProvider.PIECE_SIZE);
        assertBad(Map.of("stowage.gcs.bucket", "bucket", "stowage.gcs.url-expiry", "8d"), GcsStorageProvider.URL_EXPIRY);
        assertBad(Map.of("stowage.gcs.bucket", "bucket", "stowage.gcs.credentials-file",
                workDir.resolve("missing.json").toString()), GcsStorageProvider.CREDENTIALS_FILE);
        assertBad(Map.of("stowage.gcs.bucket", "bucket", "stowage.gcs.public-base-url", "ftp://x"),
                GcsStorageProvider.PUBLIC_BASE_URL);
    }

    private static void assertBad(Map<String, String> values, String key) {
        Map<String, String> settings = new HashMap<>(EMULATOR);
        settings.put("stowage.backend", "gcs");
        settings.putAll(values);
        ConfigurationException error = assertThrows(ConfigurationException.class, () -> Stowage.open(settings),
                settings.toString());
        assertEquals(key, error.key(), error.getMessage());
    }
}
