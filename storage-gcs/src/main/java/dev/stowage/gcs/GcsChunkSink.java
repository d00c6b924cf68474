package dev.stowage.gcs;

import com.google.api.services.storage.model.StorageObject;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.StoredFile;
import dev.stowage.api.spi.AbstractChunkSink;
import dev.stowage.api.spi.ChunkSinkState;
import dev.stowage.api.spi.Coverage;
import dev.stowage.api.spi.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import dev.stowage.api.AlreadyExistsException;

/**
 * A chunked upload to GCS through one resumable session. GCS takes a session's bytes in order and in
 * multiples of 256 KiB, so chunks first land in a {@link ChunkSpool} on disk; whenever a whole piece from
 * the session's end has arrived (and at least one byte after it, so the last request always carries data)
 * it goes out and its spool file is deleted. The SHA-256 is computed over the bytes in the order they go
 * out, so completion checks it before anything becomes visible. A file that fits in one spool piece opens its
 * session only on completion, straight to its name with all its metadata, and is sent in requests of the backend's
 * piece size (a plain save spools up to 2 GiB as one piece, so it is sent once, to its name).
 *
 * <p>A file of more than one piece goes to a hidden data object; a resumable sink (every sink but the one
 * under a plain save) also keeps its state in the bucket ({@link UploadStateStore}) as pieces go out, so another
 * process can take it up. Completing checks the data object's CRC32C against what went out and its SHA-256
 * (read back when the upload was resumed), then copies it to its name inside GCS. Suspending also keeps the bytes that arrived in order after the
 * session's end.
 */
final class GcsChunkSink extends AbstractChunkSink {
    /** How long an open handle holds its upload against other instances without writing its state. */
    static final Duration HOLD = Duration.ofMinutes(10);
    /** The hold of a suspended upload: free to be taken up. */
    static final String RELEASED = "released";
    private static final int BUFFER_SIZE = 128 * 1024;

    private final GcsUploadDir dir;
    private final ChunkSpool spool;
    private final Instant created;
    private final UploadStateStore states;
    private final Coverage arrived;
    private final Object sending = new Object();
    private final MessageDigest digest = Sha256.newDigest();
    /** The CRC32C of what went out, alongside {@link #digest}: checked against what GCS says it kept. */
    private final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    private boolean digestCoversSent;
    private ResumableSession session;
    private boolean sessionHasSha256;
    /** Whether pieces went to the hidden data object. */
    private boolean dataObjectUsed;
    private long sent;
    private Long stateGeneration;
    /** Whether a state was written (or its write tried) since this handle took the upload. */
    private boolean stateWritten;

    /** A new upload; {@code states} is null for the sink under a plain save, which cannot be resumed. */
    GcsChunkSink(String name, SaveOptions options, GcsUploadDir dir, ChunkSpool spool, Instant created,
            UploadStateStore states) {
        super(name, options);
        this.dir = dir;
        this.spool = spool;
        this.created = created;
        this.states = states;
        this.arrived = new Coverage();
        this.digestCoversSent = true;
    }

    /**
     * A resumed upload: {@code sent} bytes are in {@code session} (null when none was opened), the next
     * {@code spooled} bytes are in {@code spool}, and the state object is at {@code stateGeneration}.
     */
    GcsChunkSink(ChunkSinkState state, GcsUploadDir dir, ChunkSpool spool, UploadStateStore states,
            ResumableSession session, long sent, long spooled, long stateGeneration) {
        super(state.uploadId(), state.name(), state.options(), covering(sent + spooled));
        this.dir = dir;
        this.spool = spool;
        this.created = state.created();
        this.states = states;
        this.arrived = covering(sent + spooled);
        this.session = session;
        this.sent = sent;
        this.digestCoversSent = sent == 0;
        this.stateGeneration = stateGeneration;
        this.stateWritten = true;
    }

    private static Coverage covering(long bytes) {
        Coverage coverage = new Coverage();
        coverage.add(0, bytes);
        return coverage;
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
                    openSessionForPieces();
                }
                long index = sent / spool.pieceSize();
                hash(index, spool.pieceSize());
                append(index, 0, spool.pieceSize());
                spool.release(index);
                sent += spool.pieceSize();
                saveState(dir.now().plus(HOLD).toString(), 0);
            }
        }
    }

    /**
     * Opens the session for a file of more than one piece: to the hidden data object, copied to the name once
     * complete and checked, so a partial object (an emulator that ends a session early) is never visible.
     */
    private void openSessionForPieces() throws IOException {
        dataObjectUsed = true;
        session = dir.startDataSession(name(), dir.dataKey(uploadId()), options());
        saveState(dir.now().plus(HOLD).toString(), 0);
    }

    /**
     * Adds the first {@code length} bytes of piece {@code index}, which go out next, to the SHA-256 of what went out
     * (read from the spool apart from the sending, which may take several attempts).
     */
    private void hash(long index, long length) throws IOException {
        if (!digestCoversSent || length == 0) {
            return;
        }
        try (InputStream piece = new java.util.zip.CheckedInputStream(new DigestInputStream(spool.read(index, length),
                digest), crc)) {
            piece.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    /** Records where the upload stands, for a resume elsewhere (resumable sinks only). */
    private void saveState(String heldUntil, long tail) {
        if (states == null) {
            return;
        }
        Map<String, String> backend = new HashMap<>();
        backend.put(UploadStateStore.SENT, Long.toString(sent));
        backend.put(UploadStateStore.TAIL, Long.toString(tail));
        backend.put(UploadStateStore.HELD_UNTIL, heldUntil);
        if (session != null) {
            backend.put(UploadStateStore.SESSION, session.uri().toString());
        }
        stateWritten = true; // even if the write fails: its request may have arrived
        stateGeneration = states.write(new ChunkSinkState(uploadId(), name(), options(), created, backend),
                stateGeneration == null ? 0L : stateGeneration);
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
            String sha256 = null;
            String crc32c = null;
            if (digestCoversSent) {
                hash(index, last);
                sha256 = Sha256.hex(digest);
                crc32c = crc32c();
                checkSha256(sha256);
            }
            boolean toDataObject = session != null; // pieces went out: to the hidden data object
            if (session == null) {
                session = dir.startSession(name(), options(), created, sha256);
                sessionHasSha256 = true;
            }
            String key = toDataObject ? dir.dataKey(uploadId()) : dir.key(name());
            StorageObject object;
            try {
                long within = sendAllButTheLastRequest(last);
                object = session.finish(name(), sent + within, last - within, () -> last > within
                        ? spool.read(index, within, last - within) : InputStream.nullInputStream(), size);
            } catch (IOException | RuntimeException e) {
                if (e instanceof AlreadyExistsException || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                // The object may be there all the same: a repeat of a request whose answer was lost.
                String expectedCrc = crc32c;
                Optional<StorageObject> found = dir.objectAt(key).filter(o -> o.getSize().longValue() == size
                        && (expectedCrc == null || expectedCrc.equals(o.getCrc32c()))
                        && (toDataObject || o.getMetadata() != null
                        && created.toString().equals(o.getMetadata().get(FileMetadata.CREATED))));
                if (found.isEmpty()) {
                    throw e;
                }
                object = found.get();
            }
            session = null;
            spool.close();
            if (crc32c != null && object.getCrc32c() != null && !crc32c.equals(object.getCrc32c())) {
                dir.deleteQuietly(object.getName(), object.getGeneration().longValue());
                throw new IOException("GCS holds other bytes for '" + name() + "' than were sent (CRC32C "
                        + object.getCrc32c() + ", sent " + crc32c + "); they were deleted and nothing was kept");
            }
            StoredFile stored;
            if (toDataObject) {
                long generation = object.getGeneration().longValue();
                if (sha256 == null) {
                    sha256 = dir.sha256OfKey(name(), object.getName(), generation);
                    checkSha256(sha256);
                }
                stored = dir.publish(name(), object.getName(), generation, options(), created, sha256);
            } else {
                stored = dir.finished(name(), object, sessionHasSha256 ? null : sha256);
            }
            forget();
            return stored;
        }
    }

    /**
     * Sends the first of the {@code last} bytes left in the spool's piece at the session's end, leaving at most one
     * request's worth (the backend's piece size) to finish the object with; returns how many it sent. Only a save,
     * whose spool piece holds it whole, has more than that left by now.
     */
    private long sendAllButTheLastRequest(long last) throws IOException {
        long before = (last - 1) / dir.pieceSize() * dir.pieceSize();
        append(sent / spool.pieceSize(), 0, Math.max(0, before));
        return Math.max(0, before);
    }

    /**
     * Sends {@code length} bytes of spool piece {@code index} from {@code offset} within it, at the session's
     * {@code sent} + {@code offset}, in requests of at most the backend's piece size (a request must go through
     * within the request timeout, whatever the size of the spool's pieces).
     */
    private void append(long index, long offset, long length) throws IOException {
        for (long done = 0; done < length; ) {
            long from = offset + done;
            long count = Math.min(dir.pieceSize(), length - done);
            session.append(name(), sent + from, count, () -> spool.read(index, from, count));
            done += count;
        }
    }

    /** The CRC32C of what went out, as GCS writes it: base64 of its four bytes, big-endian. */
    private String crc32c() {
        long value = crc.getValue();
        byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        return java.util.Base64.getEncoder().encodeToString(bytes);
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
                try {
                    spool.close();
                } finally {
                    forget();
                }
            }
        }
    }

    @Override
    protected void release() throws IOException {
        synchronized (sending) {
            long tail = contiguous() - sent;
            if (tail > 0) {
                try (InputStream bytes = spool.read(sent / spool.pieceSize(), tail)) {
                    states.writeTail(uploadId(), bytes);
                }
            }
            saveState(RELEASED, tail);
            spool.close();
            dir.letGo(uploadId());
        }
    }

    /** Removes what the upload kept in the bucket, and its hold. */
    private void forget() {
        try {
            if (states != null && stateWritten) {
                states.delete(uploadId());
            } else if (dataObjectUsed) {
                dir.deleteQuietly(dir.dataKey(uploadId()), null);
            }
        } finally {
            dir.letGo(uploadId());
        }
    }
}
