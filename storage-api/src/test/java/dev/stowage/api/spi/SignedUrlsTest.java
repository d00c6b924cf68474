package dev.stowage.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.Capability;
import dev.stowage.api.NameRejectedException;
import dev.stowage.api.PresignedUpload;
import dev.stowage.api.StorageId;
import dev.stowage.api.UnsupportedCapabilityException;
import dev.stowage.api.UploadMethod;
import dev.stowage.api.UploadPolicy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignedUrlsTest {
    private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
    private static final ServedUrls BASE = ServedUrls.at("https://files.example.com/_upload");
    private final UploadSigner signer = new UploadSigner(new byte[32]);
    private final SignedUrls urls = new SignedUrls("memory", BASE, signer, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void ofAppliesTheNameRule() {
        assertEquals(URI.create("https://files.example.com/_upload/a/b%20c"), urls.of("a\\b c"));
        assertThrows(NameRejectedException.class, () -> urls.of("a/../b"));
    }

    @Test
    void presignUploadSignsTheNormalizedNameAtTheClocksTime() {
        PresignedUpload upload = urls.presignUpload("a b", UploadPolicy.builder().method(UploadMethod.POST).build());
        assertEquals("a b", upload.storageId());
        assertEquals(NOW.plus(UploadPolicy.DEFAULT_EXPIRY), upload.expiresAt());
        assertTrue(upload.url().toString().startsWith("https://files.example.com/_upload/a%20b?"));
        String name = BASE.nameOf(upload.url().getRawPath()).orElseThrow();
        signer.verifyUpload("POST", name, UploadSigner.parseQuery(upload.url().getRawQuery()), NOW);
        assertThrows(NameRejectedException.class, () -> urls.presignUpload("..", UploadPolicy.defaults()));
    }

    @Test
    void presignUploadNewUsesAGeneratedId() {
        PresignedUpload upload = urls.presignUploadNew(UploadPolicy.defaults());
        assertEquals(StorageId.LENGTH, upload.storageId().length());
        assertEquals(UploadMethod.PUT, upload.method());
    }

    @Test
    void postFormIsUnsupportedByThisBackend() {
        UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
                () -> urls.presignUpload("a", UploadPolicy.builder().method(UploadMethod.POST_FORM).build()));
        assertEquals(Capability.PRESIGNED_POST_FORM, e.capability());
        assertTrue(e.getMessage().startsWith("The memory backend"), e.getMessage());
    }

    @Test
    void presignDownloadSignsForTheTtl() {
        URI url = urls.presignDownload("a", Duration.ofMinutes(3), "a.pdf");
        SignedDownloadGrant grant = signer.verifyDownload(BASE.nameOf(url.getRawPath()).orElseThrow(),
                UploadSigner.parseQuery(url.getRawQuery()), NOW);
        assertEquals(new SignedDownloadGrant("a", "a.pdf", NOW.plus(Duration.ofMinutes(3))), grant);
    }

    @Test
    void presignDownloadRefusesBadTtls() {
        for (Duration ttl : new Duration[] {Duration.ZERO, Duration.ofMinutes(-1), Duration.ofDays(8)}) {
            assertThrows(IllegalArgumentException.class, () -> urls.presignDownload("a", ttl, "a.pdf"));
        }
    }
}
