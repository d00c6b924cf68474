package dev.stowage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.ConfigurationException;
import dev.stowage.api.Storage;
import dev.stowage.api.StowageConfig;
import dev.stowage.api.Stowage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration picks the local backend by default and names the key of every bad setting. */
class LocalStorageProviderTest {
    @TempDir
    Path work;

    @Test
    void isTheDefaultBackendAndUsesTheConfiguredFolderAndBaseUrl() {
        Path uploads = work.resolve("up");
        try (Storage storage = Stowage.open(StowageConfig.of(Map.of("stowage.upload-dir", uploads.toString(),
                "stowage.base-url", "https://cdn.example.test/files")))) {
            assertEquals("local", storage.backend());
            storage.dir().save("a b.txt", new ByteArrayInputStream(new byte[] {1}));
            assertTrue(Files.exists(uploads.resolve("a b.txt")));
            assertEquals("https://cdn.example.test/files/a%20b.txt", storage.urls().of("a b.txt").toString());
        }
    }

    @Test
    void opensAFileUriToo() {
        Path uploads = work.resolve("from-uri");
        try (Storage storage = Stowage.open(StowageConfig.of(Map.of("stowage.uri", uploads.toUri().toString())))) {
            storage.dir().save("x", new ByteArrayInputStream(new byte[] {1}));
        }
        assertTrue(Files.exists(uploads.resolve("x")));
    }

    @Test
    void namesTheKeyOfEveryBadSetting() throws Exception {
        ConfigurationException baseUrl = assertThrows(ConfigurationException.class, () -> Stowage.open(
                StowageConfig.of(Map.of("stowage.upload-dir", work.toString(), "stowage.base-url", "/x?y=1"))));
        assertEquals("stowage.base-url", baseUrl.key());

        ConfigurationException key = assertThrows(ConfigurationException.class, () -> Stowage.open(
                StowageConfig.of(Map.of("stowage.upload-dir", work.toString(), "stowage.signing-key", "short"))));
        assertEquals("stowage.signing-key", key.key());
        assertFalse(key.getMessage().contains("short"), "a secret must not be echoed: " + key.getMessage());

        Path file = Files.writeString(work.resolve("a-file"), "not a folder");
        ConfigurationException dir = assertThrows(ConfigurationException.class, () -> Stowage.open(
                StowageConfig.of(Map.of("stowage.upload-dir", file.toString()))));
        assertEquals("stowage.upload-dir", dir.key());
        assertTrue(dir.getMessage().contains(file.toString()), dir.getMessage());
    }
}
