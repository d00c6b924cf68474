package dev.stowage.http;

import dev.stowage.api.ChunkSink;
import dev.stowage.api.IncompleteUploadException;
import dev.stowage.api.StoredFile;
import java.io.InputStream;

/**
 * A chunk sink held for the length of one request: {@link #close()} suspends it, so the upload outlives the
 * request, unless it was completed or aborted, or a failed write already ended it.
 */
final class HeldUpload implements AutoCloseable {
    private final ChunkSink sink;
    private boolean ended;

    HeldUpload(ChunkSink sink) {
        this.sink = sink;
    }

    /** {@link ChunkSink#bytesReceived()}. */
    long bytesReceived() {
        return sink.bytesReceived();
    }

    /** {@link ChunkSink#write}; a failure ends the upload, as the sink discards it. */
    void write(long offset, InputStream data) {
        try {
            sink.write(offset, data);
        } catch (RuntimeException e) {
            ended = true;
            throw e;
        }
    }

    /** {@link ChunkSink#complete()}; the upload stays open only when bytes are missing. */
    StoredFile complete() {
        try {
            StoredFile stored = sink.complete();
            ended = true;
            return stored;
        } catch (IncompleteUploadException e) {
            throw e;
        } catch (RuntimeException e) {
            ended = true;
            throw e;
        }
    }

    /** {@link ChunkSink#abort()}. */
    void abort() {
        ended = true;
        sink.abort();
    }

    /** Suspends the upload unless it ended. */
    @Override
    public void close() {
        if (!ended) {
            ended = true;
            sink.suspend();
        }
    }
}
