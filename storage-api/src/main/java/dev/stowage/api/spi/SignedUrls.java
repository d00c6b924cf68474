package dev.stowage.api.spi;

import dev.stowage.api.PresignedUpload;
import dev.stowage.api.UploadPolicy;
import dev.stowage.api.UploadUrl;
import dev.stowage.api.StorageNames;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link UploadUrl} of backends whose files Stowage's own HTTP module serves (local disk, in memory): plain
 * URLs from {@link ServedUrls}, upload and download URLs signed by {@link UploadSigner}. Thread-safe when its
 * parts are.
 */
public final class SignedUrls implements UploadUrl {
    private final String backend;
    private final ServedUrls urls;
    private final UploadSigner signer;
    private final Clock clock;

    /**
     * URLs that sign at {@code clock}'s time with {@code signer}.
     *
     * @param backend  the backend's name, for errors
     * @param urls     where the HTTP module serves files
     * @param signer   signs with the key the HTTP module verifies with
     * @param clock    gives the time URLs are signed at
     */
    public SignedUrls(String backend, ServedUrls urls, UploadSigner signer, Clock clock) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.urls = Objects.requireNonNull(urls, "urls");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public URI of(String name) {
        return urls.of(StorageNames.normalize(name));
    }

    @Override
    public PresignedUpload presignUpload(String name, UploadPolicy policy) {
        return signer.signUpload(backend, urls, StorageNames.normalize(name), policy, clock.instant());
    }

    /** @throws IllegalArgumentException when {@code ttl} is not more than zero and at most seven days */
    @Override
    public URI presignDownload(String name, Duration ttl, String filename) {
        return signer.signDownload(urls, StorageNames.normalize(name), ttl, filename, clock.instant());
    }

    /**
     * Checks an upload request to one of these URLs at the clock's time; see {@link UploadSigner#verifyUpload}.
     *
     * @throws dev.stowage.api.PolicyViolationException when the URL is forged, expired or used with another method
     */
    public SignedUploadGrant verifyUpload(String httpMethod, String name, Map<String, List<String>> query) {
        return signer.verifyUpload(httpMethod, name, query, clock.instant());
    }

    /**
     * Checks a download request to one of these URLs at the clock's time; see {@link UploadSigner#verifyDownload}.
     *
     * @throws dev.stowage.api.PolicyViolationException when the URL is forged or expired
     */
    public SignedDownloadGrant verifyDownload(String name, Map<String, List<String>> query) {
        return signer.verifyDownload(name, query, clock.instant());
    }
}
