package dev.stowage.api;

import dev.stowage.api.spi.StorageProvider;
import java.util.ServiceLoader;

/** STUB — replaced by the configuration work. */
public final class Stowage {
    private Stowage() {
    }

    public static Storage open() {
        return open(StowageConfig.load());
    }

    public static Storage open(StowageConfig config) {
        for (StorageProvider p : ServiceLoader.load(StorageProvider.class)) {
            if (p.name().equals(config.backend())) {
                return p.open(config);
            }
        }
        throw ConfigurationException.backendNotOnClasspath(config.backend(), null, "?");
    }
}
