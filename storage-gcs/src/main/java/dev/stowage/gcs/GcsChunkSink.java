package dev.stowage.gcs;

import com.google.api.services.storage.model.StorageObject;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.StoredFile;
import dev.stowage.api.spi.AbstractChunkSink;
import dev.stowage.api.spi.Coverage;
import dev.stowage.api.spi.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;

/**
 * A chunked upload to GCS through one resumable session. GCS takes a session's bytes in order and in
 * multiples of 256 KiB, so chunks first land in a {@link ChunkSpool} on disk; whenever a whole piece from
 * the session's end has arrived (and at least one byte after it, so the last request always carries data)
 * it goes out and its spool file is deleted. The SHA-256 is computed over the bytes in the order they go
 * out, so {@link #complete()} checks it before the last request makes the object visible. A file that fits
 * in one piece opens its session only on completion, with every piece of metadata known.
 */
final class GcsChunkSink extends AbstractChunkSink {
    private static final int BUFFER_SIZE = 128 * 1024;

    private final GcsUploadDir dir;
    private final ChunkSpool spool;
    private final Instant created;
    private final Coverage arrived = new Coverage();
    private final Object sending = new Object();
    private final MessageDigest digest = Sha256.newDigest();
    private ResumableSession session;
    private boolean sessionHasSha256;
    private long sent;

    GcsChunkSink(String name, SaveOptions options, GcsUploadDir dir, ChunkSpool spool, Instant created) {
        super(name, options);
        this.dir = dir;
        this.spool = spool;
        this.created = created;
    }

    @Override
    protected long writeAt(long offset, InputStream data) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        long position = offset;
        for (int n; (n = data.readNBytes(buffer, 0, buffer.length)) > 0; position += n) {
            spool.write(position, buffer, 0, n);
            synchronized (arrived) {
                arrived.add(position, position + n);
            }
            sendWholePieces();
        }
        return position - offset;
    }

    /** Sends every piece that arrived whole and is followed by at least one more byte. */
    private void sendWholePieces() throws IOException {
        synchronized (sending) {
            while (contiguous() > sent + spool.pieceSize()) {
                if (session == null) {
                    String expected = options().expectedSha256();
                    session = dir.startSession(name(), options(), created, expected);
                    sessionHasSha256 = expected != null;
                }
                long index = sent / spool.pieceSize();
                try (InputStream piece = new DigestInputStream(spool.read(index, spool.pieceSize()), digest)) {
                    session.append(name(), sent, spool.pieceSize(), piece);
                }
                spool.release(index);
                sent += spool.pieceSize();
            }
        }
    }

    private long contiguous() {
        synchronized (arrived) {
            return arrived.contiguousFromStart();
        }
    }

    @Override
    protected StoredFile commit(long size) throws IOException {
        synchronized (sending) {
            long last = size - sent;
            long index = sent / spool.pieceSize();
            if (last > 0) {
                try (InputStream rest = spool.read(index, last)) {
                    byte[] buffer = new byte[BUFFER_SIZE];
                    for (int n; (n = rest.read(buffer)) > 0; ) {
                        digest.update(buffer, 0, n);
                    }
                }
            }
            String sha256 = Sha256.hex(digest);
            checkSha256(sha256);
            if (session == null) {
                session = dir.startSession(name(), options(), created, sha256);
                sessionHasSha256 = true;
            }
            StorageObject object;
            try (InputStream rest = last > 0 ? spool.read(index, last) : InputStream.nullInputStream()) {
                object = session.finish(name(), sent, last, rest, size);
            }
            session = null;
            spool.close();
            return dir.finished(name(), object, sessionHasSha256 ? null : sha256);
        }
    }

    @Override
    protected void discard() throws IOException {
        synchronized (sending) {
            try {
                if (session != null) {
                    session.cancel(name());
                    session = null;
                }
            } finally {
                spool.close();
            }
        }
    }
}
