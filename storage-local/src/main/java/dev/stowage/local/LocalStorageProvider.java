package dev.stowage.local;

import dev.stowage.api.Storage;
import dev.stowage.api.StorageIOException;
import dev.stowage.api.StowageConfig;
import dev.stowage.api.spi.ServedUrls;
import dev.stowage.api.spi.StorageProvider;
import dev.stowage.api.spi.UploadSigner;
import java.nio.file.Path;

/**
 * Opens the local-disk backend for {@code stowage.backend=local} (the default). Reads
 * {@code stowage.upload-dir} (default {@code ./uploaded_files}), {@code stowage.base-url} (default
 * {@code /_upload}), {@code stowage.signing-key} (optional) and {@code stowage.unfinished-upload-ttl} (default
 * 24 hours); a bad value fails naming its key.
 */
public final class LocalStorageProvider implements StorageProvider {
    /** The backend's name in configuration. */
    public static final String NAME = "local";
    /** The secret that signs local upload URLs; without it a key is generated and kept on disk. */
    public static final String SIGNING_KEY = "stowage.signing-key";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Storage open(StowageConfig config) {
        Path directory = config.getPath(StowageConfig.UPLOAD_DIR, Path.of("uploaded_files"));
        LocalStorage.Builder builder = LocalStorage.builder(directory);
        config.get(StowageConfig.BASE_URL).ifPresent(baseUrl -> {
            try {
                ServedUrls.at(baseUrl);
            } catch (IllegalArgumentException e) {
                throw config.invalid(StowageConfig.BASE_URL, e.getMessage());
            }
            builder.baseUrl(baseUrl);
        });
        config.get(SIGNING_KEY).ifPresent(secret -> {
            try {
                UploadSigner.fromSecret(secret);
            } catch (IllegalArgumentException e) {
                throw config.invalid(SIGNING_KEY, e.getMessage());
            }
            builder.signingKey(secret);
        });
        builder.unfinishedUploadTtl(config.getDuration(StowageConfig.UNFINISHED_UPLOAD_TTL,
                LocalStorage.DEFAULT_UNFINISHED_UPLOAD_TTL));
        try {
            return builder.open();
        } catch (StorageIOException e) {
            throw config.invalid(StowageConfig.UPLOAD_DIR, "cannot be used as the upload directory: "
                    + e.getMessage());
        }
    }
}
