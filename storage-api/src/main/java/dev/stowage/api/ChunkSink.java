package dev.stowage.api;

import java.io.Closeable;
import java.io.InputStream;

/**
 * An incremental upload of one file. Chunks arrive at any offset in any order (a chunk sent again
 * overwrites the same bytes) and are written where they belong without holding the file in memory.
 * Nothing becomes visible until {@link #complete()} has checked the file is whole. {@link #abort()},
 * {@link #close()} without completing, and every failure remove everything partial.
 */
public interface ChunkSink extends Closeable {

    /** The name the file will be stored under. */
    String name();

    /**
     * Writes {@code data}, read to its end, at {@code offset}.
     *
     * @return the number of bytes written
     * @throws PolicyViolationException   when the chunk reaches beyond the size limit (the upload is aborted)
     * @throws IntegrityMismatchException when the chunk reaches beyond the declared size (the upload is aborted)
     */
    long write(long offset, InputStream data);

    /** Distinct bytes received so far: overlapping chunks count once. */
    long bytesReceived();

    /**
     * Checks the upload is whole (no gaps, the declared size reached, the expected SHA-256 matched) and makes
     * it visible atomically.
     *
     * @throws IncompleteUploadException  when bytes are missing (the upload stays open for the missing chunks)
     * @throws IntegrityMismatchException when size or SHA-256 differ (the upload is aborted)
     */
    StoredFile complete();

    /** Cancels the upload and removes everything partial. Harmless when already ended. */
    void abort();

    /** Aborts unless {@link #complete()} succeeded. */
    @Override
    void close();
}
