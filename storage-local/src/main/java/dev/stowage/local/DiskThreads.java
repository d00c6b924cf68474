package dev.stowage.local;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon threads that write, hash and sync files beside a request's own thread ({@link BackgroundFileWriter},
 * {@link EarlyWriteback}), kept for the next write a minute after their last task: a tus upload takes a writer
 * per chunk, and starting three threads for each (the starting thread waits until each new one was scheduled)
 * cost a busy machine milliseconds per chunk. Tasks never interrupt each other, and none is ever interrupted: an
 * interrupt would close the channel a task writes or syncs.
 */
final class DiskThreads {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ThreadFactory FACTORY = task -> {
        Thread thread = new Thread(task, "stowage-local-disk-" + COUNT.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    };
    private static final ExecutorService POOL = Executors.newCachedThreadPool(FACTORY);

    private DiskThreads() {
    }

    /** Runs {@code task} on a thread of the pool; the task handles its own failures. */
    static Future<?> run(Runnable task) {
        return POOL.submit(task);
    }

    /**
     * Waits until {@code task} ended.
     *
     * @throws InterruptedIOException when this thread is interrupted meanwhile (the task goes on)
     */
    static void await(Future<?> task) throws IOException {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the disk");
        } catch (ExecutionException e) {
            throw new IOException("a disk thread failed", e.getCause());
        }
    }

    /**
     * Waits until {@code task} ended, even when this thread is interrupted meanwhile (its interrupt is then kept
     * for the caller).
     */
    static void awaitUninterruptibly(Future<?> task) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    await(task);
                    return;
                } catch (InterruptedIOException e) {
                    Thread.interrupted(); // cleared while waiting on, restored at the end
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
