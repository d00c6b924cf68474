package dev.stowage.testkit;

import dev.stowage.api.Storage;
import java.nio.file.Path;

/**
 * Opens the backend under test. Implement it as a public class with a public no-argument constructor: the
 * contract suite also instantiates it by name in a child JVM with a small heap.
 */
public interface StorageFactory {

    /**
     * Opens a fresh, empty backend. {@code workDir} is an empty directory owned by the test, for backends
     * that keep files on disk; a cloud backend uses it for nothing or picks a fresh prefix.
     */
    Storage open(Path workDir) throws Exception;

    /**
     * Opens the backend that {@link #open} opened for {@code workDir} once more, as a second instance (another
     * process, another server) would see it. The default calls {@code open(workDir)}, which is right for
     * backends that live in {@code workDir}; a cloud factory derives its prefix from {@code workDir} or
     * overrides this.
     */
    default Storage reopen(Path workDir) throws Exception {
        return open(workDir);
    }
}
