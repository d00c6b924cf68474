package dev.stowage.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes a file and hashes its bytes on two {@link DiskThreads} while the caller's thread reads what comes next,
 * through a few reusable buffers: reading, writing and SHA-256 overlap, and memory stays bounded. Each buffer the
 * caller fills goes to both threads, in order, and is reused once both are done with it, so the digest covers
 * exactly the bytes written. It never syncs itself: the caller's one fsync at the end makes it all durable (a
 * sync every few MiB here stopped the writer while the disk caught up), while an {@link EarlyWriteback} has
 * the disk write what was written so far, so that last fsync is short. {@link #writeFrom} returns once every byte
 * is written, while the hasher may still be catching up: the caller's fsync overlaps the last of the hashing,
 * and {@link #awaitHashed()} then waits for the digest. Writers share a budget of a sixteenth of the heap: when
 * it is spent, {@link #start} declines and the caller writes and hashes itself. The buffers of the last writer to
 * end are kept for the next one, which spares a tus upload of many small chunks a fresh set (arrays this large are
 * allocated outside the young generation and start collections of their own) for every chunk.
 */
final class BackgroundFileWriter implements AutoCloseable {
    private static final int BUFFERS = 4;
    static final int BUFFER_SIZE = 1 << 20;
    private static final int FIRST_FILL = 128 * 1024;
    private static final Semaphore RUNNING = new Semaphore((int) Math.max(1,
            Runtime.getRuntime().maxMemory() / 16 / ((long) BUFFERS * BUFFER_SIZE)));
    private static final BlockingQueue<byte[]> SPARE = new ArrayBlockingQueue<>(BUFFERS);

    /** A buffer, how many of its bytes to write and hash, and how many of the two threads still need it. */
    private record Filled(byte[] bytes, int length, AtomicInteger users) {
    }

    private static final Filled END = new Filled(new byte[0], -1, new AtomicInteger());

    private final FileChannel channel;
    private final MessageDigest digest;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final BlockingQueue<Filled> toWrite = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final BlockingQueue<Filled> toHash = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final Future<?> writer;
    private final Future<?> hasher;
    private final EarlyWriteback writeback;
    private volatile Throwable failure;
    private volatile boolean cancelled;
    private boolean ended;

    /**
     * A writer appending to {@code channel} from {@code position} on, having the disk take each further
     * {@code writebackStep} bytes ({@link EarlyWriteback}), and passing the same bytes through {@code digest}; or
     * none while the writers' memory budget is spent.
     */
    static Optional<BackgroundFileWriter> start(FileChannel channel, long position, long writebackStep,
            MessageDigest digest) {
        if (!RUNNING.tryAcquire()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BackgroundFileWriter(channel, position, writebackStep, digest));
        } catch (RuntimeException | Error e) {
            RUNNING.release();
            throw e;
        }
    }

    private BackgroundFileWriter(FileChannel channel, long position, long writebackStep, MessageDigest digest) {
        this.channel = channel;
        this.digest = digest;
        for (int i = 0; i < BUFFERS; i++) {
            byte[] spare = SPARE.poll();
            free.add(spare != null ? spare : new byte[BUFFER_SIZE]);
        }
        writeback = new EarlyWriteback(channel, writebackStep);
        writer = DiskThreads.run(() -> writeAll(position));
        hasher = DiskThreads.run(this::hashAll);
    }

    /** An empty buffer of {@link #BUFFER_SIZE} bytes to fill, once the threads have released one. */
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

    /** Hands the first {@code length} bytes of {@code buffer} (from {@link #buffer()}) over to be written and hashed. */
    void write(byte[] buffer, int length) throws IOException {
        checkFailure();
        Filled filled = new Filled(buffer, length, new AtomicInteger(2));
        toWrite.add(filled);
        toHash.add(filled);
    }

    /**
     * Hands all of {@code in} over, a whole buffer at a time (a request body arrives a few dozen KiB per read)
     * but for the first {@value #FIRST_FILL} bytes, which go alone so the writer starts before a whole buffer
     * arrived (a tus chunk of a few MiB is otherwise written a buffer late); then waits until all of it is
     * written ({@link #awaitWritten()}) and returns how many bytes.
     */
    long writeFrom(InputStream in) throws IOException {
        long total = 0;
        for (;;) {
            byte[] next = buffer();
            int n = in.readNBytes(next, 0, total == 0 ? FIRST_FILL : next.length);
            if (n == 0) {
                break;
            }
            write(next, n);
            total += n;
        }
        awaitWritten();
        return total;
    }

    /**
     * Takes no more buffers and waits until everything handed over is written; the caller then syncs the
     * channel, while the hasher may still be at work.
     */
    void awaitWritten() throws IOException {
        endInput();
        DiskThreads.await(writer);
        checkFailure();
        writeback.close();
    }

    /** Waits until everything handed over is written and hashed, so the digest covers it all. */
    void awaitHashed() throws IOException {
        awaitWritten();
        DiskThreads.await(hasher);
        checkFailure();
    }

    /**
     * Stops both threads, dropping what they have not done yet, waits until they have ended and keeps the
     * buffers they gave back for the next writer.
     */
    @Override
    public void close() throws IOException {
        cancelled = true;
        try (writeback) {
            end();
            for (byte[] buffer; (buffer = free.poll()) != null; ) {
                if (buffer.length == BUFFER_SIZE) {
                    SPARE.offer(buffer);
                }
            }
        } finally {
            RUNNING.release();
        }
    }

    private void end() throws IOException {
        endInput();
        DiskThreads.await(writer);
        DiskThreads.await(hasher);
    }

    private void endInput() {
        if (!ended) {
            ended = true;
            toWrite.add(END);
            toHash.add(END);
        }
    }

    private void checkFailure() throws IOException {
        if (failure != null) {
            throw failure instanceof IOException io ? new IOException(io.getMessage(), io)
                    : new IOException("the writer thread failed", failure);
        }
    }

    private void release(Filled filled) {
        if (filled.users().decrementAndGet() == 0) {
            free.add(filled.bytes());
        }
    }

    private void writeAll(long start) {
        try {
            long position = start;
            for (Filled next = toWrite.take(); next != END; next = toWrite.take()) {
                if (!cancelled && failure == null) {
                    ByteBuffer bytes = ByteBuffer.wrap(next.bytes(), 0, next.length());
                    while (bytes.hasRemaining()) {
                        position += channel.write(bytes, position);
                    }
                    writeback.written(position - start);
                }
                release(next);
            }
        } catch (InterruptedException | IOException | RuntimeException | Error e) {
            fail(e);
        }
    }

    private void hashAll() {
        try {
            for (Filled next = toHash.take(); next != END; next = toHash.take()) {
                if (!cancelled && failure == null) {
                    digest.update(next.bytes(), 0, next.length());
                }
                release(next);
            }
        } catch (InterruptedException | RuntimeException | Error e) {
            fail(e);
        }
    }

    private void fail(Throwable e) {
        failure = e;
        free.offer(new byte[0]); // wakes a caller waiting for a buffer, who then sees the failure
    }
}
