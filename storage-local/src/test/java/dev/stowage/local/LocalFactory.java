package dev.stowage.local;

import dev.stowage.api.Storage;
import dev.stowage.testkit.StorageFactory;
import java.nio.file.Path;

/** Opens the local backend in a folder of the test's work directory. */
public final class LocalFactory implements StorageFactory {
    private final boolean sidecarMetadataOnly;

    /** A factory whose backends keep metadata in sidecar records only if {@code sidecarMetadataOnly}. */
    public LocalFactory(boolean sidecarMetadataOnly) {
        this.sidecarMetadataOnly = sidecarMetadataOnly;
    }

    @Override
    public Storage open(Path workDir) {
        LocalStorage.Builder builder = LocalStorage.builder(workDir.resolve("uploads"));
        return (sidecarMetadataOnly ? builder.sidecarMetadataOnly() : builder).open();
    }
}
