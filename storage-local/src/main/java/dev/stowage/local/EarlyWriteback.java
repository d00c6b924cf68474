package dev.stowage.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.Future;

/**
 * Has the disk take a file's bytes while more are still being appended: one of the {@link DiskThreads} syncs the
 * file each time another step of bytes was written, so the one fsync that ends a save finds little left to write
 * (the kernel alone starts writing back only once gigabytes are dirty). A save of a whole file steps by
 * {@value #STEP} bytes; a chunk of a chunked upload, which ends in an fsync of its own before it is answered
 * and is often a few MiB only, steps by {@value #CHUNK_STEP}, so that fsync waits for the last MiB or two
 * rather than the whole chunk. The writer never waits for these syncs, and durability never rests on them; but
 * Linux reports a failed write-back to one fsync only, so a failure here is kept and thrown by {@link #close()},
 * where the final sync alone might not see it.
 */
final class EarlyWriteback implements AutoCloseable {
    static final long STEP = 16 << 20;
    static final long CHUNK_STEP = 1 << 20;

    private final FileChannel channel;
    private final long step;
    private final Future<?> syncing;
    private long written;
    private boolean stopped;
    private IOException failure;

    /** Starts syncing {@code channel} each time {@link #written} reports another {@code step} bytes. */
    EarlyWriteback(FileChannel channel, long step) {
        this.channel = channel;
        this.step = step;
        syncing = DiskThreads.run(this::syncAll);
    }

    /** Reports that {@code total} bytes have been written to the channel so far. */
    synchronized void written(long total) {
        written = total;
        notifyAll();
    }

    /**
     * Stops syncing, waiting for a sync under way (never interrupting it: an interrupt would close the channel).
     *
     * @throws IOException when one of the syncs failed
     */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            stopped = true;
            notifyAll();
        }
        DiskThreads.awaitUninterruptibly(syncing);
        synchronized (this) {
            if (failure != null) {
                throw new IOException("syncing the file to disk failed: " + failure.getMessage(), failure);
            }
        }
    }

    private void syncAll() {
        long synced = 0;
        try {
            while (true) {
                long target;
                synchronized (this) {
                    while (!stopped && written - synced < step) {
                        wait();
                    }
                    if (stopped) {
                        return;
                    }
                    target = written;
                }
                channel.force(false);
                synced = target;
            }
        } catch (IOException e) {
            synchronized (this) {
                failure = e;
            }
        } catch (InterruptedException e) {
            // nobody interrupts disk threads; stop syncing early, the final sync covers everything
        }
    }
}
