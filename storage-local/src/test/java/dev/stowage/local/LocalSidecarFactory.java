package dev.stowage.local;

import dev.stowage.api.Storage;
import dev.stowage.testkit.StorageFactory;
import java.nio.file.Path;

/** Opens the local backend, keeping metadata in sidecar records only, in a folder of the test's work directory. */
public final class LocalSidecarFactory implements StorageFactory {
    @Override
    public Storage open(Path workDir) {
        return LocalStorage.builder(workDir.resolve("uploads")).sidecarMetadataOnly().open();
    }
}
