package dev.stowage.local;

import dev.stowage.api.Storage;
import dev.stowage.api.StowageConfig;
import dev.stowage.api.spi.StorageProvider;
import java.nio.file.Path;

/**
 * Opens the local-disk backend for {@code stowage.backend=local} (the default). Reads
 * {@code stowage.upload-dir} (default {@code ./uploaded_files}), {@code stowage.base-url} (default
 * {@code /_upload}) and {@code stowage.signing-key} (optional).
 */
public final class LocalStorageProvider implements StorageProvider {
    /** The backend's name in configuration. */
    public static final String NAME = "local";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Storage open(StowageConfig config) {
        LocalStorage.Builder builder = LocalStorage.builder(config.getPath("stowage.upload-dir",
                Path.of("uploaded_files")));
        config.get("stowage.base-url").ifPresent(builder::baseUrl);
        config.get("stowage.signing-key").ifPresent(builder::signingKey);
        return builder.open();
    }
}
