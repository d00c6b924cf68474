package dev.stowage.api.spi;

import dev.stowage.api.IntegrityMismatchException;
import dev.stowage.api.PolicyViolationException;
import dev.stowage.api.SaveOptions;

/**
 * The most bytes an upload may reach under its {@link SaveOptions}: the size limit or the declared size,
 * whichever is smaller, and the right error for passing it (too large for the limit, a size mismatch for
 * the declared size). Plain saves and chunk sinks check the same way.
 */
final class UploadLimit {
    private final String name;
    private final SaveOptions options;
    private final long bytes;

    UploadLimit(String name, SaveOptions options) {
        this.name = name;
        this.options = options;
        long max = options.maxSize() >= 0 ? options.maxSize() : Long.MAX_VALUE;
        this.bytes = options.expectedSize() >= 0 ? Math.min(max, options.expectedSize()) : max;
    }

    /** Throws once an upload reaches {@code count} bytes past the limit. */
    void check(long count) {
        if (count > bytes) {
            throw options.maxSize() >= 0 && count > options.maxSize()
                    ? PolicyViolationException.tooLarge(name, options.maxSize())
                    : IntegrityMismatchException.size(name, options.expectedSize(), count);
        }
    }
}
