package dev.stowage.testkit;

import dev.stowage.api.Storage;
import dev.stowage.api.StowageConfig;
import dev.stowage.api.spi.StorageProvider;
import java.time.Clock;

/** Opens {@link InMemoryStorage} for {@code stowage.backend=memory}; reads {@code stowage.base-url}. */
public final class InMemoryStorageProvider implements StorageProvider {
    @Override
    public String name() {
        return InMemoryStorage.NAME;
    }

    @Override
    public Storage open(StowageConfig config) {
        return InMemoryStorage.create(config.get("stowage.base-url", "/_upload"), Clock.systemUTC());
    }
}
