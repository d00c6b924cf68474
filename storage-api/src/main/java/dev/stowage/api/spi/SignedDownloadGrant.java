package dev.stowage.api.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What a verified signed download URL allows, from {@link UploadSigner#verifyDownload}.
 *
 * @param name      the stored name to send
 * @param filename  the filename to send it as, in a {@code Content-Disposition: attachment} header
 * @param expiresAt when the URL stops working
 */
public record SignedDownloadGrant(String name, String filename, Instant expiresAt) {
    public SignedDownloadGrant {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
