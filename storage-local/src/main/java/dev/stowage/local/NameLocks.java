package dev.stowage.local;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Read/write locks per name, striped over a fixed set so memory stays bounded. Writers of a name hold its
 * write lock while they swap its file and its metadata, so readers in this process always see a matching
 * pair. (Other processes are covered by the identity check in {@link MetadataStore}.)
 */
final class NameLocks {
    private static final int STRIPES = 256;

    private final ReentrantReadWriteLock[] stripes = new ReentrantReadWriteLock[STRIPES];

    NameLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantReadWriteLock();
        }
    }

    /** The lock that guards {@code name}. */
    ReentrantReadWriteLock forName(String name) {
        return stripes[Math.floorMod(name.hashCode(), STRIPES)];
    }
}
