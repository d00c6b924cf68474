package dev.stowage.local;

import dev.stowage.api.Storage;
import dev.stowage.testkit.StorageFactory;
import java.nio.file.Path;

/** Opens the local backend in a folder of the test's work directory. */
public final class LocalFactory implements StorageFactory {
    @Override
    public Storage open(Path workDir) {
        return LocalStorage.open(workDir.resolve("uploads"));
    }
}
