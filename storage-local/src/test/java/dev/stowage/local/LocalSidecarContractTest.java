package dev.stowage.local;

import dev.stowage.testkit.StorageFactory;

/** The whole contract suite again, with metadata kept in sidecar records as on file systems without user attributes. */
class LocalSidecarContractTest extends LocalContractTest {
    @Override
    StorageFactory factory() {
        return new LocalSidecarFactory();
    }
}
