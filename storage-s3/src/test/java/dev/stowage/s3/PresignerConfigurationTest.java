package dev.stowage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The presigner's S3 settings: path style as configured, and the ARN-region and multi-region settings resolved
 * once from the SDK's own sources (here its system properties) and fixed, so that signing a URL does not look
 * them up again.
 */
class PresignerConfigurationTest {
    private static final String USE_ARN_REGION = "aws.s3UseArnRegion";
    private static final String DISABLE_MULTI_REGION = "aws.s3DisableMultiRegionAccessPoints";

    @AfterEach
    void clearProperties() {
        System.clearProperty(USE_ARN_REGION);
        System.clearProperty(DISABLE_MULTI_REGION);
    }

    @Test
    void settingsAreFixedWhenBuilt() {
        S3Configuration.Builder fixed = S3Storage.Builder.presignerConfiguration(true).toBuilder();
        assertEquals(Boolean.TRUE, fixed.pathStyleAccessEnabled());
        assertEquals(S3Configuration.builder().build().useArnRegionEnabled(), fixed.useArnRegionEnabled());
        assertEquals(S3Configuration.builder().build().multiRegionEnabled(), fixed.multiRegionEnabled());
        assertEquals(Boolean.FALSE, S3Storage.Builder.presignerConfiguration(false).toBuilder()
                .pathStyleAccessEnabled());
    }

    @Test
    void settingsComeFromTheSdksSources() {
        System.setProperty(USE_ARN_REGION, "true");
        System.setProperty(DISABLE_MULTI_REGION, "true");
        S3Configuration configured = S3Storage.Builder.presignerConfiguration(true);
        assertTrue(configured.useArnRegionEnabled());
        assertFalse(configured.multiRegionEnabled());

        System.setProperty(USE_ARN_REGION, "false");
        System.setProperty(DISABLE_MULTI_REGION, "false");
        S3Configuration other = S3Storage.Builder.presignerConfiguration(true);
        assertFalse(other.useArnRegionEnabled());
        assertTrue(other.multiRegionEnabled());
        assertTrue(configured.useArnRegionEnabled(), "a built configuration keeps what it resolved");
    }
}
