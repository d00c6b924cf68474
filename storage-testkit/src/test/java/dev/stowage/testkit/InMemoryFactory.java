package dev.stowage.testkit;

import dev.stowage.api.Storage;
import java.nio.file.Path;

/** Opens a fresh in-memory backend. */
public final class InMemoryFactory implements StorageFactory {
    @Override
    public Storage open(Path workDir) {
        return InMemoryStorage.create();
    }
}
