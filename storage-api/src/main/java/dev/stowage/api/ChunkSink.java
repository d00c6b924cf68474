package dev.stowage.api;

import java.io.Closeable;
import java.io.InputStream;

/**
 * An incremental upload of one file. Chunks arrive at any offset in any order (a chunk sent again
 * overwrites the same bytes) and are written where they belong without holding the file in memory.
 * Nothing becomes visible until {@link #complete()} has checked the file is whole. {@link #abort()},
 * {@link #close()} without completing, and every failure remove everything partial.
 *
 * <p>An upload can outlive its handle: {@link #suspend()} lets go of the handle but keeps what was received,
 * and {@link UploadDir#resumeChunkSink} takes the upload up again by its {@link #uploadId()} — later, in
 * another process, or on another instance sharing the backend (see {@link Capability#RESUMABLE_UPLOADS}).
 */
public interface ChunkSink extends Closeable {

    /** The name the file will be stored under. */
    String name();

    /**
     * The id of this upload: random and unguessable ({@link StorageId} shape), for
     * {@link UploadDir#resumeChunkSink}.
     */
    String uploadId();

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

    /**
     * Lets go of this handle without ending the upload: what was received is kept (as far as the backend keeps
     * bytes durably: data that arrived out of order may be held only in a local spool and is then dropped, so
     * a resumed handle's {@link #bytesReceived()} says what to send again). The handle takes no more calls;
     * {@link UploadDir#resumeChunkSink} gives a new one. Unfinished uploads left suspended are removed by
     * {@link UploadDir#abortUnfinishedUploads}.
     */
    void suspend();

    /** Cancels the upload and removes everything partial. Harmless when already ended. */
    void abort();

    /** Aborts unless {@link #complete()} succeeded or the handle was {@linkplain #suspend() suspended}. */
    @Override
    void close();
}
