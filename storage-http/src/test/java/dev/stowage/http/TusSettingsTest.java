package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.ConfigurationException;
import dev.stowage.api.StowageConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tus endpoint's settings as configuration gives them. */
class TusSettingsTest {

    @Test
    void configurationSetsTheLimitAndTheTtl() {
        TusSettings settings = TusSettings.from(StowageConfig.of(Map.of(TusSettings.MAX_SIZE, "5GiB",
                StowageConfig.UNFINISHED_UPLOAD_TTL, "2h")));

        assertEquals(new TusSettings(TusSettings.DEFAULT_PATH, 5L << 30, Duration.ofHours(2)), settings);
        assertEquals(TusSettings.defaults(), TusSettings.from(StowageConfig.of(Map.of())));
    }

    @Test
    void aBadValueNamesItsKey() {
        ConfigurationException bad = assertThrows(ConfigurationException.class,
                () -> TusSettings.from(StowageConfig.of(Map.of(TusSettings.MAX_SIZE, "lots"))));

        assertTrue(bad.getMessage().contains(TusSettings.MAX_SIZE), bad.getMessage());
    }

    @Test
    void aPathMustBeBelowTheRoot() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new TusSettings("/files/", 1, Duration.ofHours(1)));

        assertTrue(bad.getMessage().contains("'/files/'"), bad.getMessage());
    }
}
