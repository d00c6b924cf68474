package dev.stowage.gcs;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The bytes of a chunked upload that arrived but cannot go to the resumable session yet, on disk: one file
 * per piece of {@code pieceSize} bytes, written at the bytes' offsets. A piece's file is deleted once the
 * piece went out ({@link #release}), so the spool holds only bytes not yet sent, whatever the file's size,
 * and memory holds no file data at all. Thread-safe.
 */
final class ChunkSpool implements Closeable {
    private final Path folder;
    private final int pieceSize;
    private final Map<Long, FileChannel> pieces = new HashMap<>();
    /** Pieces below this index went out; bytes written there are repeats and are dropped. */
    private long released;
    private boolean closed;

    /** A spool in a new folder under {@code parent}. */
    ChunkSpool(Path parent, int pieceSize) throws IOException {
        Files.createDirectories(parent);
        this.folder = Files.createTempDirectory(parent, "stowage-gcs-spool-");
        this.pieceSize = pieceSize;
    }

    /** The size of every piece but the last. */
    int pieceSize() {
        return pieceSize;
    }

    /** Writes {@code length} bytes of {@code buffer} at {@code position} of the upload. */
    void write(long position, byte[] buffer, int offset, int length) throws IOException {
        long at = position;
        int from = offset;
        int left = length;
        while (left > 0) {
            long index = at / pieceSize;
            int within = (int) (at % pieceSize);
            int n = Math.min(left, pieceSize - within);
            synchronized (this) {
                if (closed) {
                    throw new IOException("the upload's spool is closed");
                }
                if (index >= released) {
                    ByteBuffer bytes = ByteBuffer.wrap(buffer, from, n);
                    FileChannel channel = piece(index);
                    for (long p = within; bytes.hasRemaining(); ) {
                        p += channel.write(bytes, p);
                    }
                }
            }
            at += n;
            from += n;
            left -= n;
        }
    }

    /** The first {@code length} bytes of piece {@code index}, which must all have been written. */
    InputStream read(long index, long length) throws IOException {
        return read(index, 0, length);
    }

    /** {@code length} bytes of piece {@code index} from {@code offset} within it, which must all have been written. */
    InputStream read(long index, long offset, long length) throws IOException {
        Path file = pieceFile(index);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(offset);
        return new java.io.BufferedInputStream(Channels.newInputStream(channel), 64 * 1024) {
            private long left = length;

            @Override
            public synchronized int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n < 0) {
                    throw new IOException("the spool of piece " + index + " ended " + left + " bytes early");
                }
                left -= n;
                return n;
            }

            @Override
            public synchronized int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }
        };
    }

    /** Piece {@code index} went out: its file is deleted and later writes to it are dropped. */
    synchronized void release(long index) throws IOException {
        FileChannel channel = pieces.remove(index);
        if (channel != null) {
            channel.close();
        }
        Files.deleteIfExists(pieceFile(index));
        released = Math.max(released, index + 1);
    }

    /** Deletes every piece and the folder. Harmless when already closed. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        for (FileChannel channel : pieces.values()) {
            channel.close();
        }
        pieces.clear();
        try (var files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(folder);
    }

    private FileChannel piece(long index) throws IOException {
        FileChannel channel = pieces.get(index);
        if (channel == null) {
            channel = FileChannel.open(pieceFile(index), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            pieces.put(index, channel);
        }
        return channel;
    }

    private Path pieceFile(long index) {
        return folder.resolve(index + ".part");
    }
}
