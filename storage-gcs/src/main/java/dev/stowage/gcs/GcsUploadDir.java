package dev.stowage.gcs;

import com.google.api.services.storage.model.StorageObject;
import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.CopyWriter;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dev.stowage.api.AlreadyExistsException;
import dev.stowage.api.ByteRange;
import dev.stowage.api.ChunkSink;
import dev.stowage.api.MediaTypes;
import dev.stowage.api.NotFoundException;
import dev.stowage.api.ProgressListener;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.StorageIOException;
import dev.stowage.api.StoredFile;
import dev.stowage.api.UploadInUseException;
import dev.stowage.api.spi.ChunkSinkState;
import dev.stowage.api.spi.AbstractUploadDir;
import dev.stowage.api.spi.NameSource;
import dev.stowage.api.spi.Sha256;
import dev.stowage.api.spi.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The upload directory in a GCS bucket (under an optional prefix). Saves and chunk sinks stream through
 * resumable sessions ({@link GcsChunkSink}; a save is spooled whole first, see {@link #doSave}), so nothing is
 * visible before the last byte arrived and was checked; "create new" is the {@code ifGenerationMatch=0}
 * precondition. Reads pin the generation they opened (a whole file's from its GET's answer, a range's from a
 * stat), so a reader keeps reading the bytes it opened. Objects without Stowage metadata (put there by a presigned
 * upload or another tool) get their SHA-256 computed once, on first stat, and recorded.
 */
final class GcsUploadDir extends AbstractUploadDir {
    private static final int BUFFER_SIZE = 128 * 1024;
    /** The spool piece of a plain save: the largest a session takes in whole granules below 2 GiB. */
    private static final int SAVE_PIECE_SIZE = Integer.MAX_VALUE / ResumableSession.GRANULE * ResumableSession.GRANULE;
    /**
     * How often a read, copy or delete starts over because the generation it saw was replaced under it (with a
     * short random pause each time, so that it does not keep meeting the same writer in lockstep).
     */
    private static final int MAX_CHANGES = 20;

    private final Storage storage;
    private final GcsTransport transport;
    private final BucketLocation location;
    private final Path spoolDir;
    private final int pieceSize;
    private final Clock clock;
    private final UploadStateStore states;
    /** The uploads a handle of this instance holds: id → its sink, or {@link #RESUMING} while it is made. */
    private final Map<String, Object> held = new ConcurrentHashMap<>();
    private static final Object RESUMING = new Object();

    GcsUploadDir(Storage storage, GcsTransport transport, BucketLocation location, Path spoolDir, int pieceSize,
            Clock clock) {
        this.storage = storage;
        this.transport = transport;
        this.location = location;
        this.spoolDir = spoolDir;
        this.pieceSize = pieceSize;
        this.clock = clock;
        this.states = new UploadStateStore(storage, location);
    }

    /**
     * Spools the whole upload (up to {@link #SAVE_PIECE_SIZE} bytes) and only then opens one session, straight to
     * the name with all the metadata, SHA-256 included, and sends it in requests of the piece size: one object
     * written once, as with the client library alone, instead of a hidden data object copied onto the name. Only a
     * larger upload sends pieces of {@link #SAVE_PIECE_SIZE} bytes to a data object as they arrive.
     */
    @Override
    protected StoredFile doSave(String name, InputStream data, SaveOptions options) {
        SaveOptions unchecked = options.toBuilder().expectedSize(-1).expectedSha256(null).maxSize(-1)
                .progress(ProgressListener.NONE).build();
        try (ChunkSink sink = newSink(name, unchecked, null, SAVE_PIECE_SIZE)) {
            VerifyingInputStream in = new VerifyingInputStream(name, data, options);
            sink.write(0, in);
            in.finish();
            return sink.complete();
        }
    }

    @Override
    protected Optional<StoredFile> doStat(String name) {
        return blob(name).map(blob -> described(name, blob));
    }

    /**
     * A read costs one GET, as with the client library alone: the read channel takes the generation from that first
     * answer ({@code x-goog-generation}, which GCS and fake-gcs-server send) and asks for that generation whenever
     * it has to ask again (after a broken connection), so a reader keeps reading the bytes it opened, or fails once
     * they are gone. The first byte is fetched here, so that a missing file is found now. Only when no byte comes
     * does a stat tell an empty file or a range past the end (the range's own failure) from a file replaced by a
     * longer one since the GET, which is then read anew.
     */
    @Override
    protected InputStream doOpen(String name, ByteRange range) {
        for (int attempt = 1; ; attempt++) {
            if (range.length() > 0) {
                Optional<InputStream> started = openCurrent(name, range);
                if (started.isPresent()) {
                    return started.get();
                }
            }
            Blob blob = blob(name).orElseThrow(() -> NotFoundException.forName(name));
            if (range.clip(name, blob.getSize()).length() == 0) {
                return InputStream.nullInputStream();
            }
            if (attempt >= MAX_CHANGES) {
                throw StorageIOException.during("read", name, new IOException("it was replaced " + MAX_CHANGES
                        + " times while it was being opened"));
            }
            // the file was replaced by a longer one since the GET: read that
        }
    }

    /** {@code range} of the generation of {@code name} there now, from one GET; empty when it sent no byte. */
    private Optional<InputStream> openCurrent(String name, ByteRange range) {
        ReadChannel reader = null;
        try {
            reader = storage.reader(BlobId.of(location.bucket(), location.key(name)));
            if (range.offset() > 0) {
                reader.seek(range.offset());
            }
            if (range.length() != Long.MAX_VALUE) {
                reader.limit(range.offset() + range.length());
            }
            Optional<InputStream> started = startedAtFirstByte(reader);
            if (started.isEmpty()) {
                reader.close();
            }
            return started;
        } catch (IOException | StorageException e) {
            closeQuietly(reader);
            if (isNotFound(e)) {
                throw NotFoundException.forName(name);
            }
            if (hasCode(e, 416)) {
                return Optional.empty(); // the range starts at or past the end
            }
            throw readFailure(name, e);
        }
    }

    /** The bytes {@code reader} reads, its first already fetched; empty when it has none. */
    private static Optional<InputStream> startedAtFirstByte(ReadChannel reader) throws IOException {
        PushbackInputStream in = new PushbackInputStream(Channels.newInputStream(reader), 1);
        int first = in.read();
        if (first < 0) {
            return Optional.empty();
        }
        in.unread(first);
        return Optional.of(in);
    }

    private static RuntimeException readFailure(String name, Exception e) {
        if (e instanceof StorageException se) {
            return GcsErrors.translate("read", name, se);
        }
        return StorageIOException.during("read", name, (IOException) e);
    }

    /** A pause of up to {@code attempt} milliseconds, random, before looking at a replaced file again. */
    private static void pauseBeforeAgain(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(attempt + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@code e} or a cause says GCS has no such object (generation). */
    private static boolean isNotFound(Exception e) {
        return hasCode(e, 404);
    }

    /** Whether {@code e} or a cause is GCS's answer with HTTP status {@code code}. */
    private static boolean hasCode(Exception e, int code) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StorageException se && se.getCode() == code) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(ReadChannel reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (RuntimeException e) {
                // closing anyway
            }
        }
    }

    @Override
    protected NameSource names() {
        return new GcsNameSource(storage, location);
    }

    @Override
    protected StoredFile doCopy(String source, String target, boolean overwrite) {
        return copied(source, target, overwrite).file();
    }

    @Override
    protected StoredFile doMove(String source, String target, boolean overwrite) {
        Copied copied = copied(source, target, overwrite);
        try {
            storage.delete(copied.source(), Storage.BlobSourceOption.generationMatch());
        } catch (StorageException e) {
            if (e.getCode() != 404 && e.getCode() != 412) {
                throw GcsErrors.translate("remove the moved file", source, e);
            }
        }
        return copied.file();
    }

    /**
     * Deletes the generation the stat saw: a repeat of the delete whose answer was lost finds nothing and is
     * still a success, and a file saved under the name meanwhile is deleted on the next try, not mistaken for gone.
     */
    @Override
    protected boolean doDelete(String name) {
        for (int attempt = 1; ; attempt++) {
            Optional<Blob> blob = blob(name);
            if (blob.isEmpty()) {
                return false;
            }
            try {
                storage.delete(BlobId.of(location.bucket(), location.key(name), blob.get().getGeneration()),
                        Storage.BlobSourceOption.generationMatch());
                return true;
            } catch (StorageException e) {
                if (e.getCode() == 412 && attempt < MAX_CHANGES) {
                    pauseBeforeAgain(attempt);
                    continue; // replaced meanwhile: delete the new one
                }
                throw GcsErrors.translate("delete", name, e);
            }
        }
    }

    @Override
    protected ChunkSink doChunkSink(String name, SaveOptions options) {
        return newSink(name, options, states, pieceSize);
    }

    private GcsChunkSink newSink(String name, SaveOptions options, UploadStateStore resumableIn, int spoolPieceSize) {
        try {
            GcsChunkSink sink = new GcsChunkSink(name, options, this, new ChunkSpool(spoolDir, spoolPieceSize),
                    clock.instant(), resumableIn);
            held.put(sink.uploadId(), sink);
            return sink;
        } catch (IOException e) {
            throw StorageIOException.during("start a chunked upload of", name, e);
        }
    }

    @Override
    protected ChunkSink doResumeChunkSink(String uploadId) {
        if (held.containsKey(uploadId)) {
            throw UploadInUseException.heldElsewhere(uploadId);
        }
        UploadStateStore.Stored stored = states.read(uploadId).orElseThrow(() -> NotFoundException.forUpload(uploadId));
        if (held.putIfAbsent(uploadId, RESUMING) != null) {
            throw UploadInUseException.heldElsewhere(uploadId);
        }
        ChunkSpool spool = null;
        try {
            ChunkSinkState state = stored.state();
            Map<String, String> backend = state.backend();
            String heldUntil = backend.getOrDefault(UploadStateStore.HELD_UNTIL, GcsChunkSink.RELEASED);
            boolean released = heldUntil.equals(GcsChunkSink.RELEASED);
            if (!released && Instant.parse(heldUntil).isAfter(clock.instant())) {
                throw UploadInUseException.heldElsewhere(uploadId);
            }
            ResumableSession session = backend.containsKey(UploadStateStore.SESSION) ? ResumableSession.resume(
                    transport, states.dataKey(uploadId), URI.create(backend.get(UploadStateStore.SESSION))) : null;
            long sent = Long.parseLong(backend.getOrDefault(UploadStateStore.SENT, "0"));
            if (!released && session != null) {
                sent = session.persisted(state.name()); // its last handle ended without saying how far it got
            }
            long tail = released ? Long.parseLong(backend.getOrDefault(UploadStateStore.TAIL, "0")) : 0;
            spool = new ChunkSpool(spoolDir, pieceSize);
            if (tail > 0) {
                try (InputStream in = states.readTail(uploadId)) {
                    byte[] buffer = new byte[BUFFER_SIZE];
                    long position = sent;
                    for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; position += n) {
                        spool.write(position, buffer, 0, n);
                    }
                }
            }
            Map<String, String> holding = new HashMap<>(backend);
            holding.put(UploadStateStore.HELD_UNTIL, clock.instant().plus(GcsChunkSink.HOLD).toString());
            long generation = states.write(new ChunkSinkState(uploadId, state.name(), state.options(),
                    state.created(), holding), stored.generation());
            GcsChunkSink sink = new GcsChunkSink(state, this, spool, states, session, sent, tail, generation);
            held.put(uploadId, sink);
            return sink;
        } catch (IOException | RuntimeException e) {
            held.remove(uploadId);
            closeQuietly(spool, e);
            if (e instanceof IOException io) {
                throw StorageIOException.during("resume the upload", uploadId, io);
            }
            throw (RuntimeException) e;
        }
    }

    @Override
    protected int doAbortUnfinishedUploads(Duration age) {
        int aborted = 0;
        for (String uploadId : states.openedBefore(clock.instant().minus(age))) {
            Optional<UploadStateStore.Stored> stored = states.read(uploadId);
            String session = stored.map(s -> s.state().backend().get(UploadStateStore.SESSION)).orElse(null);
            if (session != null) {
                try {
                    ResumableSession.resume(transport, states.dataKey(uploadId), URI.create(session)).cancel(uploadId);
                } catch (IOException e) {
                    throw StorageIOException.during("cancel the session of the upload", uploadId, e);
                }
            }
            states.delete(uploadId);
            aborted++;
        }
        return aborted;
    }

    /** The object key of {@code name}. */
    String key(String name) {
        return location.key(name);
    }

    /** The key of the hidden data object of the upload {@code uploadId}. */
    String dataKey(String uploadId) {
        return states.dataKey(uploadId);
    }

    /** The object at {@code key} as the JSON API describes it, or empty. */
    Optional<StorageObject> objectAt(String key) {
        try {
            Blob blob = storage.get(BlobId.of(location.bucket(), key));
            if (blob == null) {
                return Optional.empty();
            }
            StorageObject object = new StorageObject().setName(blob.getName()).setBucket(blob.getBucket())
                    .setGeneration(blob.getGeneration())
                    .setMetageneration(blob.getMetageneration())
                    .setSize(java.math.BigInteger.valueOf(blob.getSize())).setContentType(blob.getContentType())
                    .setMetadata(blob.getMetadata()).setCrc32c(blob.getCrc32c());
            if (blob.getCreateTimeOffsetDateTime() != null) {
                object.setTimeCreated(new com.google.api.client.util.DateTime(
                        blob.getCreateTimeOffsetDateTime().toInstant().toEpochMilli()));
            }
            return Optional.of(object);
        } catch (StorageException e) {
            return Optional.empty();
        }
    }

    /** Deletes the object at {@code key} (only at {@code generation}, when not null); failures are left. */
    void deleteQuietly(String key, Long generation) {
        try {
            if (generation == null) {
                storage.delete(BlobId.of(location.bucket(), key));
            } else {
                storage.delete(BlobId.of(location.bucket(), key, generation), Storage.BlobSourceOption.generationMatch());
            }
        } catch (StorageException e) {
            // abortUnfinishedUploads reclaims what is left under the hidden prefix
        }
    }

    /** The time now, by this directory's clock. */
    Instant now() {
        return clock.instant();
    }

    /** The upload {@code uploadId} has no handle in this instance any more. */
    void letGo(String uploadId) {
        held.remove(uploadId);
    }

    /** Aborts every upload a handle of this instance still holds (the backend is closing). */
    void abortOpenUploads() {
        for (Object sink : held.values()) {
            if (sink instanceof ChunkSink open) {
                open.abort();
            }
        }
    }

    private static void closeQuietly(ChunkSpool spool, Exception failure) {
        if (spool != null) {
            try {
                spool.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** The size of each request that sends a piece of an upload to its session. */
    int pieceSize() {
        return pieceSize;
    }

    /** Opens a session that writes the hidden data object {@code dataKey} of a resumable upload of {@code name}. */
    ResumableSession startDataSession(String name, String dataKey, SaveOptions options) throws IOException {
        return ResumableSession.start(transport, name, dataKey, new StorageObject().setContentType(
                options.contentType()), false);
    }

    /**
     * Copies the checked data object {@code dataKey} (at {@code generation}) to {@code name} with its metadata,
     * and deletes it. Refuses to replace a file unless the options allow it.
     */
    StoredFile publish(String name, String dataKey, long generation, SaveOptions options, Instant created,
            String sha256) {
        BlobInfo target = BlobInfo.newBuilder(location.bucket(), location.key(name))
                .setContentType(options.contentType()).setMetadata(FileMetadata.of(options, created, sha256)).build();
        try {
            if (!options.overwrite() && blob(name).isPresent()) {
                throw AlreadyExistsException.atName(name); // emulators ignore the precondition below
            }
            Storage.CopyRequest request = Storage.CopyRequest.newBuilder()
                    .setSource(BlobId.of(location.bucket(), dataKey, generation))
                    .setTarget(target, options.overwrite() ? new Storage.BlobTargetOption[0]
                            : new Storage.BlobTargetOption[] {Storage.BlobTargetOption.doesNotExist()})
                    .build();
            Blob copied = storage.copy(request).getResult();
            return described(name, copied);
        } catch (StorageException e) {
            if (e.getCode() == 412 && !options.overwrite()) {
                Optional<Blob> ours = blob(name).filter(blob -> blob.getMetadata() != null
                        && sha256.equals(blob.getMetadata().get(FileMetadata.SHA256))
                        && created.toString().equals(blob.getMetadata().get(FileMetadata.CREATED)));
                if (ours.isPresent()) {
                    return described(name, ours.get()); // a repeat of a copy whose answer was lost found it done
                }
            }
            throw GcsErrors.translate("make the upload visible as", name, e);
        }
    }

    /**
     * Opens the session that will create {@code name}; {@code sha256} is recorded with it when already known
     * (else {@link #finished} records it).
     */
    ResumableSession startSession(String name, SaveOptions options, Instant created, String sha256)
            throws IOException {
        StorageObject metadata = new StorageObject().setContentType(options.contentType())
                .setMetadata(FileMetadata.of(options, created, sha256));
        return ResumableSession.start(transport, name, location.key(name), metadata, !options.overwrite());
    }

    /**
     * The file a session created; records {@code sha256} on it first when the session could not carry it
     * (only if the object was not replaced meanwhile: a newer writer's metadata stays).
     */
    StoredFile finished(String name, StorageObject object, String sha256) {
        Map<String, String> metadata = new HashMap<>(object.getMetadata() == null ? Map.of() : object.getMetadata());
        if (sha256 != null) {
            metadata.put(FileMetadata.SHA256, sha256);
            BlobId id = BlobId.of(location.bucket(), object.getName(), object.getGeneration().longValue());
            try {
                storage.update(BlobInfo.newBuilder(id).setMetadata(metadata).build(),
                        Storage.BlobTargetOption.generationMatch(object.getGeneration().longValue()),
                        Storage.BlobTargetOption.metagenerationMatch(object.getMetageneration().longValue()));
            } catch (StorageException e) {
                // replaced meanwhile, or the update failed: the next stat hashes the object and records it
            }
        }
        Instant objectCreated = object.getTimeCreated() == null ? clock.instant()
                : Instant.ofEpochMilli(object.getTimeCreated().getValue());
        return FileMetadata.read(name, object.getSize().longValue(), object.getContentType(), metadata, objectCreated)
                .orElseThrow(() -> new IllegalStateException("GCS lost the metadata of '" + name + "'"));
    }

    private record Copied(BlobId source, StoredFile file) {
    }

    /**
     * Copies the generation of {@code source} the stat saw, with its metadata; when that generation is replaced
     * before the copy (and so gone), copies the new one.
     */
    private Copied copied(String source, String target, boolean overwrite) {
        for (int attempt = 1; ; attempt++) {
            Blob blob = blob(source).orElseThrow(() -> NotFoundException.forName(source));
            StoredFile file = described(source, blob);
            BlobId sourceId = BlobId.of(location.bucket(), location.key(source), blob.getGeneration());
            try {
                if (!overwrite && blob(target).isPresent()) {
                    throw AlreadyExistsException.atName(target);
                }
                Storage.CopyRequest request = Storage.CopyRequest.newBuilder().setSource(sourceId)
                        .setTarget(BlobId.of(location.bucket(), location.key(target)), overwrite
                                ? new Storage.BlobTargetOption[0]
                                : new Storage.BlobTargetOption[] {Storage.BlobTargetOption.doesNotExist()})
                        .build();
                CopyWriter copy = storage.copy(request);
                copy.getResult();
                return new Copied(sourceId, file.withName(target));
            } catch (StorageException e) {
                if (e.getCode() == 404) {
                    if (attempt < MAX_CHANGES && blob(source).isPresent()) {
                        pauseBeforeAgain(attempt);
                        continue; // the generation seen was replaced: copy the new one
                    }
                    throw NotFoundException.forName(source);
                }
                if (e.getCode() == 412 && !overwrite) {
                    Optional<Blob> now = blob(target);
                    if (now.isPresent() && Objects.equals(now.get().getMetadata(), blob.getMetadata())
                            && Objects.equals(now.get().getCrc32c(), blob.getCrc32c())
                            && Objects.equals(now.get().getSize(), blob.getSize())) {
                        return new Copied(sourceId, file.withName(target)); // a repeat found the first copy
                    }
                    throw AlreadyExistsException.atName(target);
                }
                throw GcsErrors.translate("copy " + source + " to", target, e);
            }
        }
    }

    private Optional<Blob> blob(String name) {
        try {
            return Optional.ofNullable(storage.get(BlobId.of(location.bucket(), location.key(name))));
        } catch (StorageException e) {
            throw GcsErrors.translate("read the metadata of", name, e);
        }
    }

    /** The stored file {@code blob} holds; hashes and records the SHA-256 when it has none. */
    private StoredFile described(String name, Blob blob) {
        String contentType = blob.getContentType() != null ? blob.getContentType() : MediaTypes.guess(name);
        Instant objectCreated = blob.getCreateTimeOffsetDateTime() != null
                ? blob.getCreateTimeOffsetDateTime().toInstant() : clock.instant();
        Optional<StoredFile> known = FileMetadata.read(name, blob.getSize(), contentType, blob.getMetadata(),
                objectCreated);
        if (known.isPresent()) {
            return known.get();
        }
        String sha256 = sha256OfKey(name, blob.getName(), blob.getGeneration());
        Map<String, String> metadata = new HashMap<>(blob.getMetadata() == null ? Map.of() : blob.getMetadata());
        metadata.put(FileMetadata.SHA256, sha256);
        try {
            storage.update(blob.toBuilder().setMetadata(metadata).build(), Storage.BlobTargetOption.generationMatch(),
                    Storage.BlobTargetOption.metagenerationMatch());
        } catch (StorageException e) {
            // changed meanwhile: what was hashed is still what this generation holds
        }
        return FileMetadata.read(name, blob.getSize(), contentType, metadata, objectCreated).orElseThrow();
    }

    /** The SHA-256 of generation {@code generation} of the object {@code key}, which holds {@code name}'s bytes. */
    String sha256OfKey(String name, String key, long generation) {
        MessageDigest digest = Sha256.newDigest();
        try (ReadChannel reader = storage.reader(BlobId.of(location.bucket(), key, generation));
             InputStream in = Channels.newInputStream(reader)) {
            byte[] buffer = new byte[BUFFER_SIZE];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw StorageIOException.during("hash", name, e);
        } catch (StorageException e) {
            throw GcsErrors.translate("hash", name, e);
        }
        return Sha256.hex(digest);
    }
}
