package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.ConfigurationException;
import dev.stowage.api.StowageConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading {@code stowage.http.*} keys. */
class HttpSettingsTest {
    @Test
    void readsEveryKey() {
        HttpSettings settings = HttpSettings.from(StowageConfig.of(Map.ofEntries(
                Map.entry(HttpSettings.PREFIX, "/files/"), Map.entry(HttpSettings.MAX_FILE_SIZE, "10MiB"),
                Map.entry(HttpSettings.MAX_REQUEST_SIZE, "20MB"), Map.entry(HttpSettings.MAX_PARTS, "7"),
                Map.entry(HttpSettings.MAX_PART_HEADER_SIZE, "2KiB"),
                Map.entry(HttpSettings.ALLOWED_TYPES, "image/*, application/pdf"),
                Map.entry(HttpSettings.MAX_RANGES, "3"), Map.entry(HttpSettings.CORS_ORIGINS, "https://a.example"),
                Map.entry(HttpSettings.CORS_MAX_AGE, "5m"), Map.entry(HttpSettings.UPLOAD_URL_ENDPOINT, "yes"),
                Map.entry(HttpSettings.REDIRECT_DOWNLOADS, "true"), Map.entry(HttpSettings.UNFINISHED_UPLOAD_TTL, "2h"),
                Map.entry(HttpSettings.RESUMABLE_THRESHOLD, "1MiB"))), false);
        assertEquals(new HttpSettings("/files", 10L << 20, 20_000_000, 7, 2048, Set.of("image/*", "application/pdf"),
                3, Set.of("https://a.example"), Duration.ofMinutes(5), true, true, Duration.ofHours(2), 1L << 20),
                settings);
    }

    @Test
    void defaultsFollowTheBaseUrlAndTheCaller() {
        HttpSettings library = HttpSettings.from(StowageConfig.of(Map.of(StowageConfig.BASE_URL,
                "https://cdn.example/media")), false);
        assertEquals("/media", library.prefix());
        assertFalse(library.uploadUrlEndpoint());
        assertTrue(HttpSettings.from(StowageConfig.of(Map.of()), true).uploadUrlEndpoint());
        assertEquals(HttpSettings.defaults(), HttpSettings.from(StowageConfig.of(Map.of()), false));
    }

    @Test
    void anUnfinishedUploadTtlMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HttpSettings.builder().unfinishedUploadTtl(Duration.ZERO).build());
        assertTrue(e.getMessage().contains("unfinished upload TTL"), e.getMessage());
    }

    @Test
    void aBadValueNamesItsKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> HttpSettings.from(
                StowageConfig.of(Map.of(HttpSettings.MAX_FILE_SIZE, "lots")), false));
        assertTrue(e.getMessage().contains(HttpSettings.MAX_FILE_SIZE), e.getMessage());
    }
}
