package dev.stowage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The early syncs of a file being written: one per step of progress, and a failed one is never lost. */
class EarlyWritebackTest {

    /** A channel that only counts its syncs, failing each when {@code failing}. */
    private static final class SyncCountingChannel extends FileChannel {
        final AtomicInteger syncs = new AtomicInteger();
        final CountDownLatch synced = new CountDownLatch(1);
        private final boolean failing;

        SyncCountingChannel(boolean failing) {
            this.failing = failing;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            syncs.incrementAndGet();
            synced.countDown();
            if (failing) {
                throw new IOException("Input/output error");
            }
        }

        @Override
        public int read(ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position() {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileChannel position(long newPosition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long size() {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileChannel truncate(long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(ByteBuffer dst, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void implCloseChannel() {
            // nothing held
        }
    }

    @Test
    void syncsOncePerStepWrittenAndNotBefore() throws Exception {
        for (long step : new long[] {EarlyWriteback.STEP, EarlyWriteback.CHUNK_STEP}) {
            SyncCountingChannel channel = new SyncCountingChannel(false);
            EarlyWriteback writeback = new EarlyWriteback(channel, step);
            writeback.written(step - 1);
            writeback.written(step);
            assertTrue(channel.synced.await(10, TimeUnit.SECONDS), "a step written is synced");
            writeback.close();
            assertEquals(1, channel.syncs.get());

            SyncCountingChannel idle = new SyncCountingChannel(false);
            EarlyWriteback unused = new EarlyWriteback(idle, step);
            unused.written(step - 1);
            unused.close();
            assertEquals(0, idle.syncs.get(), "less than a step is left to the final sync");
        }
    }

    @Test
    void aFailedSyncIsThrownWhenItStops() throws Exception {
        SyncCountingChannel channel = new SyncCountingChannel(true);
        EarlyWriteback writeback = new EarlyWriteback(channel, EarlyWriteback.STEP);
        writeback.written(EarlyWriteback.STEP);
        assertTrue(channel.synced.await(10, TimeUnit.SECONDS));
        IOException failure = assertThrows(IOException.class, writeback::close);
        assertTrue(failure.getMessage().contains("Input/output error"), failure.getMessage());
    }
}
