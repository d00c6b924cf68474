package dev.stowage.testkit;

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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link dev.stowage.api.UploadUrl} every backend passes: URLs carry the encoded name,
 * presigned uploads honour the expiry, name and method asked for, what a backend cannot sign is refused
 * as its capabilities say, and hostile names never reach a URL. (Sending bytes to those URLs is tested
 * against each backend's real server: S3, GCS, and storage-http for local disk.)
 */
public abstract class UploadUrlContract extends StorageContract {
    private static final Map<UploadMethod, Capability> NEEDS = Map.of(UploadMethod.PUT, Capability.PRESIGNED_PUT,
            UploadMethod.POST, Capability.PRESIGNED_POST, UploadMethod.POST_FORM, Capability.PRESIGNED_POST_FORM);

    @Test
    void showUrlsCarryTheEncodedName() {
        String url = storage.urls().of("photos/summer 2026/été #1.png").toString();
        assertTrue(url.contains("photos/summer%202026/"), url);
        assertTrue(url.contains("%C3%A9t%C3%A9%20%231.png"), url);
    }

    @Test
    void presignsUploadsForTheNameExpiryAndMethodAsked() {
        for (UploadMethod method : UploadMethod.values()) {
            UploadPolicy policy = UploadPolicy.builder().method(method).maxSize(1024 * 1024)
                    .contentType("image/png").expiry(Duration.ofMinutes(10)).build();
            if (!storage.capabilities().has(NEEDS.get(method))) {
                UnsupportedCapabilityException error = assertThrows(UnsupportedCapabilityException.class,
                        () -> storage.urls().presignUpload("up/a.png", policy), method.name());
                assertEquals(NEEDS.get(method), error.capability());
                continue;
            }
            Instant before = Instant.now();
            PresignedUpload upload = storage.urls().presignUpload("up\\a.png", policy);
            assertEquals(method, upload.method());
            assertEquals("up/a.png", upload.storageId());
            // a form upload (an S3 POST policy) may name the file in its form fields rather than its URL
            String target = upload.url() + " " + upload.formFields().getOrDefault("key", "");
            assertTrue(target.contains("up/a.png"), upload.toString());
            assertTrue(!upload.expiresAt().isBefore(before.plus(Duration.ofMinutes(10)).minusSeconds(2))
                    && !upload.expiresAt().isAfter(Instant.now().plus(Duration.ofMinutes(10))), upload.toString());
        }
    }

    @Test
    void expiresAfterAnHourByDefault() {
        PresignedUpload upload = storage.urls().presignUploadNew(UploadPolicy.defaults());
        assertTrue(upload.storageId().matches("[0-9a-z]{" + StorageId.LENGTH + "}"), upload.storageId());
        Duration left = Duration.between(Instant.now(), upload.expiresAt());
        assertTrue(left.compareTo(Duration.ofMinutes(59)) > 0 && left.compareTo(Duration.ofMinutes(61)) < 0,
                left.toString());
    }

    @Test
    void presignsDownloadsUnderAFilenameWhenItCan() {
        dir().save("reports/q3.pdf", stream(new byte[] {1}));
        if (!storage.capabilities().has(Capability.PRESIGNED_DOWNLOAD)) {
            assertThrows(UnsupportedCapabilityException.class,
                    () -> storage.urls().presignDownload("reports/q3.pdf", Duration.ofMinutes(5), "Q3 ü.pdf"));
            return;
        }
        URI url = storage.urls().presignDownload("reports/q3.pdf", Duration.ofMinutes(5), "Q3 ü.pdf");
        assertTrue(url.toString().contains("reports/q3.pdf"), url.toString());
        assertThrows(IllegalArgumentException.class,
                () -> storage.urls().presignDownload("reports/q3.pdf", Duration.ofDays(8), "x.pdf"));
    }

    @Test
    void neverPutsAHostileNameInAUrl() {
        for (String name : HostileNames.rejected()) {
            assertThrows(NameRejectedException.class, () -> storage.urls().of(name), name);
            assertThrows(NameRejectedException.class,
                    () -> storage.urls().presignUpload(name, UploadPolicy.defaults()), name);
            assertThrows(NameRejectedException.class,
                    () -> storage.urls().presignDownload(name, Duration.ofMinutes(1), "x.txt"), name);
        }
    }
}
