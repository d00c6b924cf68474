package dev.stowage.api.spi;

import dev.stowage.api.Storage;
import dev.stowage.api.StowageConfig;

/**
 * Opens one kind of backend from configuration. Backends register an implementation in
 * {@code META-INF/services/dev.stowage.api.spi.StorageProvider}; {@link dev.stowage.api.Stowage#open()}
 * picks the one whose {@link #name()} equals {@code stowage.backend}.
 */
public interface StorageProvider {

    /** The value of {@code stowage.backend} that selects this backend. */
    String name();

    /**
     * Opens the backend, checking every setting it needs first.
     *
     * @throws dev.stowage.api.ConfigurationException naming the key when a setting is missing or wrong
     */
    Storage open(StowageConfig config);
}
