package dev.stowage.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The prepared answers of {@link SmallFileDownloads}, by request path, holding at most {@value #MAX_BYTES} bytes of
 * files in all: once full it forgets every answer and starts again, so that what it holds stays bounded without
 * bookkeeping on each request. Safe for concurrent use.
 */
final class PreparedDownloads {
    /** The most file bytes held. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    private final ConcurrentHashMap<String, Prepared> byPath = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();

    /** The stored name and prepared answer kept for request path {@code path}. */
    record Prepared(String name, PreparedDownload download) {
    }

    /** What is kept for {@code path}, or {@code null}. */
    Prepared get(String path) {
        return byPath.get(path);
    }

    /** Keeps {@code download} of the file {@code name} for {@code path}, in place of what was kept for it. */
    void put(String path, String name, PreparedDownload download) {
        long size = download.body().capacity();
        if (bytes.addAndGet(size) > MAX_BYTES) {
            byPath.clear();
            bytes.set(size);
        }
        Prepared replaced = byPath.put(path, new Prepared(name, download));
        if (replaced != null) {
            bytes.addAndGet(-replaced.download().body().capacity());
        }
    }
}
