package dev.stowage.local;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * Appends to a file on a thread of its own while the caller's thread reads (and hashes) what comes next, through
 * a few reusable buffers, so hashing and writing overlap and memory stays bounded. It never syncs itself: the
 * caller's one fsync at the end makes it all durable (a sync every few MiB here stopped the writer while the disk
 * caught up), while an {@link EarlyWriteback} thread has the disk write what was written so far, so that last
 * fsync is short. Writers share a budget of a sixteenth of the heap: when it is spent, {@link #start} declines
 * and the caller writes itself.
 */
final class BackgroundFileWriter implements AutoCloseable {
    private static final int BUFFERS = 4;
    static final int BUFFER_SIZE = 1 << 20;
    private static final Semaphore RUNNING = new Semaphore((int) Math.max(1,
            Runtime.getRuntime().maxMemory() / 16 / ((long) BUFFERS * BUFFER_SIZE)));

    /** A buffer and how many of its bytes to write; a negative length ends the writer. */
    private record Filled(byte[] bytes, int length) {
    }

    private static final Filled END = new Filled(new byte[0], -1);

    private final FileChannel channel;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<Filled> filled = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final Thread thread;
    private final EarlyWriteback writeback;
    private volatile Throwable failure;
    private volatile boolean cancelled;
    private boolean ended;

    /** A writer appending to {@code channel} at its position, or none while the writers' memory budget is spent. */
    static Optional<BackgroundFileWriter> start(FileChannel channel) {
        if (!RUNNING.tryAcquire()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BackgroundFileWriter(channel));
        } catch (RuntimeException | Error e) {
            RUNNING.release();
            throw e;
        }
    }

    private BackgroundFileWriter(FileChannel channel) {
        this.channel = channel;
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new byte[BUFFER_SIZE]);
        }
        writeback = new EarlyWriteback(channel);
        thread = new Thread(this::writeAll, "stowage-local-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** An empty buffer of {@link #BUFFER_SIZE} bytes to fill, once the writer has released one. */
    byte[] buffer() throws IOException {
        try {
            byte[] buffer = free.take();
            checkFailure();
            return buffer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the disk");
        }
    }

    /** Hands the first {@code length} bytes of {@code buffer} (from {@link #buffer()}) over to be written. */
    void write(byte[] buffer, int length) throws IOException {
        checkFailure();
        filled.add(new Filled(buffer, length));
    }

    /** Waits until everything handed over is written; the caller then syncs the channel. */
    void finish() throws IOException {
        end();
        checkFailure();
        writeback.close();
    }

    /** Stops the writer, dropping what it has not written yet, and waits until it has ended. */
    @Override
    public void close() throws IOException {
        cancelled = true;
        try (writeback) {
            end();
        } finally {
            RUNNING.release();
        }
    }

    private void end() throws IOException {
        if (!ended) {
            ended = true;
            filled.add(END);
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the disk");
        }
    }

    private void checkFailure() throws IOException {
        if (failure != null) {
            throw failure instanceof IOException io ? new IOException(io.getMessage(), io)
                    : new IOException("the writer thread failed", failure);
        }
    }

    private void writeAll() {
        try {
            long written = 0;
            for (Filled next = filled.take(); next != END; next = filled.take()) {
                if (!cancelled && failure == null) {
                    ByteBuffer bytes = ByteBuffer.wrap(next.bytes(), 0, next.length());
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                    written += next.length();
                    writeback.written(written);
                }
                free.add(next.bytes());
            }
        } catch (InterruptedException e) {
            failure = e;
            free.add(new byte[0]);
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            free.add(new byte[0]); // wakes a caller waiting for a buffer, who then sees the failure
        }
    }
}
