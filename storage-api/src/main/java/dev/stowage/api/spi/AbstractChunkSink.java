package dev.stowage.api.spi;

import dev.stowage.api.ChunkSink;
import dev.stowage.api.IncompleteUploadException;
import dev.stowage.api.IntegrityMismatchException;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.StorageException;
import dev.stowage.api.StorageId;
import dev.stowage.api.StorageIOException;
import dev.stowage.api.StoredFile;
import dev.stowage.api.UploadCancelledException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What every backend's {@link ChunkSink} shares, written once: the open → completed/aborted life cycle,
 * bounds and size-limit checks, merged coverage of received bytes, gap detection, SHA-256 checks, progress
 * events and clean-up on every failure. A backend supplies only where bytes go ({@link #writeAt}), how the
 * whole file is committed ({@link #commit}), how partial data is removed ({@link #discard}) and how a
 * suspended handle lets go while keeping the upload ({@link #release}).
 *
 * <p>Chunks may be written from several threads at once; {@link #complete()} and {@link #abort()} wait for
 * writes in flight, and an abort makes writes in flight stop at their next read.
 */
public abstract class AbstractChunkSink implements ChunkSink {
    private enum State { OPEN, COMPLETED, ABORTED, FAILED, SUSPENDED }

    private final String uploadId;
    private final String name;
    private final SaveOptions options;
    private final UploadLimit limit;
    private final Coverage coverage;
    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
    private final ReadWriteLock writesVersusEnd = new ReentrantReadWriteLock();

    /** A new upload, under a fresh id, to {@code name} (already normalized) saved with {@code options}. */
    protected AbstractChunkSink(String name, SaveOptions options) {
        this(StorageId.generate(), name, options, new Coverage());
    }

    /** A resumed upload {@code uploadId} to {@code name}, of which the bytes in {@code received} are kept. */
    protected AbstractChunkSink(String uploadId, String name, SaveOptions options, Coverage received) {
        this.uploadId = uploadId;
        this.name = name;
        this.options = options;
        this.limit = new UploadLimit(name, options);
        this.coverage = received;
    }

    /**
     * Writes all of {@code data} at {@code offset}; may be called from several threads at once for
     * different or overlapping ranges.
     *
     * @return the number of bytes written
     */
    protected abstract long writeAt(long offset, InputStream data) throws IOException;

    /**
     * Makes the file of {@code size} bytes, all of which arrived, visible under {@link #name()}; must check
     * {@link #checkSha256(String)} before it does.
     */
    protected abstract StoredFile commit(long size) throws IOException;

    /** Removes everything partial. Called once, after the last write has returned. */
    protected abstract void discard() throws IOException;

    /**
     * Lets go of this handle's resources but keeps the upload's data and state for a resume. Called once, after
     * the last write has returned.
     */
    protected abstract void release() throws IOException;

    /** The options the upload was opened with (content type already resolved). */
    protected SaveOptions options() {
        return options;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String uploadId() {
        return uploadId;
    }

    @Override
    public long write(long offset, InputStream data) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        writesVersusEnd.readLock().lock();
        try {
            requireOpen();
            long written = writeAt(offset, new BoundedChunk(data, offset));
            long received;
            synchronized (coverage) {
                coverage.add(offset, offset + written);
                received = coverage.covered();
            }
            options.progress().onProgress(received, options.expectedSize());
            return written;
        } catch (IOException e) {
            throw fail(StorageIOException.during("write a chunk of", name, e));
        } catch (UploadCancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            throw fail(e);
        } finally {
            writesVersusEnd.readLock().unlock();
        }
    }

    @Override
    public long bytesReceived() {
        synchronized (coverage) {
            return coverage.covered();
        }
    }

    @Override
    public StoredFile complete() {
        writesVersusEnd.writeLock().lock();
        try {
            requireOpen();
            long size;
            synchronized (coverage) {
                size = options.expectedSize() >= 0 ? options.expectedSize() : coverage.end();
                if (!coverage.isComplete(size)) {
                    throw IncompleteUploadException.missing(name, coverage.describeGaps(size));
                }
            }
            StoredFile stored = commit(size);
            state.set(State.COMPLETED);
            return stored;
        } catch (IncompleteUploadException e) {
            throw e;
        } catch (IOException e) {
            throw failLocked(StorageIOException.during("complete the upload of", name, e));
        } catch (UploadCancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failLocked(e);
        } finally {
            writesVersusEnd.writeLock().unlock();
        }
    }

    @Override
    public void abort() {
        if (state.compareAndSet(State.OPEN, State.ABORTED)) {
            writesVersusEnd.writeLock().lock();
            try {
                discardQuietly(null);
            } finally {
                writesVersusEnd.writeLock().unlock();
            }
        }
    }

    @Override
    public void suspend() {
        writesVersusEnd.writeLock().lock();
        try {
            requireOpen();
            state.set(State.SUSPENDED);
            release();
        } catch (IOException e) {
            throw StorageIOException.during("suspend the upload of", name, e);
        } finally {
            writesVersusEnd.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        abort();
    }

    /**
     * Throws {@link IntegrityMismatchException} when the options expect another SHA-256 than {@code actual}
     * (lowercase hex).
     */
    protected void checkSha256(String actual) {
        if (options.expectedSha256() != null && !options.expectedSha256().equals(actual)) {
            throw IntegrityMismatchException.sha256(name, options.expectedSha256(), actual);
        }
    }

    private void requireOpen() {
        State now = state.get();
        if (now != State.OPEN) {
            throw UploadCancelledException.alreadyEnded(name, now.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Ends the upload after a failure during a write: waits for other writes, then discards. */
    private RuntimeException fail(RuntimeException failure) {
        if (state.compareAndSet(State.OPEN, State.FAILED)) {
            // Writes hold the read lock; discarding needs the write lock, taken once this write has left.
            writesVersusEnd.readLock().unlock();
            try {
                writesVersusEnd.writeLock().lock();
                try {
                    discardQuietly(failure);
                } finally {
                    writesVersusEnd.writeLock().unlock();
                }
            } finally {
                writesVersusEnd.readLock().lock();
            }
        }
        return failure;
    }

    /** Ends the upload after a failure while the write lock is held. */
    private RuntimeException failLocked(RuntimeException failure) {
        if (state.compareAndSet(State.OPEN, State.FAILED)) {
            discardQuietly(failure);
        }
        return failure;
    }

    private void discardQuietly(RuntimeException failure) {
        try {
            discard();
        } catch (IOException | RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            } else {
                throw e instanceof StorageException se ? se : new IllegalStateException(
                        "Could not remove the partial upload of '" + name + "'", e);
            }
        }
    }

    /** A chunk's data, cut off when it reaches past the limit or when the upload is aborted. */
    private final class BoundedChunk extends WholeReadInputStream {
        private long position;

        BoundedChunk(InputStream in, long offset) {
            super(in);
            this.position = offset;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            requireOpen();
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                position += n;
                limit.check(position);
            }
            return n;
        }
    }
}
