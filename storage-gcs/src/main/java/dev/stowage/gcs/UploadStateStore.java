package dev.stowage.gcs;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dev.stowage.api.UploadInUseException;
import dev.stowage.api.spi.ChunkSinkState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The unfinished uploads of a bucket location, kept in the bucket under the hidden
 * {@code <prefix>.stowage/uploads/<uploadId>/}: {@code state} (a {@link ChunkSinkState} whose backend part
 * holds the session URL, the bytes in the session and who holds the upload until when), {@code tail} (bytes
 * that arrived in order after the session's end, saved when a handle is suspended) and {@code data} (the
 * object the session writes, until it is checked and copied to its name).
 */
final class UploadStateStore {
    static final String SESSION = "session";
    static final String SENT = "sent";
    static final String TAIL = "tail";
    static final String HELD_UNTIL = "held-until";

    private final Storage storage;
    private final BucketLocation location;

    UploadStateStore(Storage storage, BucketLocation location) {
        this.storage = storage;
        this.location = location;
    }

    /** A stored state and the generation of its object. */
    record Stored(ChunkSinkState state, long generation) {
    }

    /** The state of {@code uploadId}, or empty. */
    Optional<Stored> read(String uploadId) {
        BlobId id = BlobId.of(location.bucket(), location.uploadKey(uploadId, "state"));
        try {
            Blob blob = storage.get(id);
            if (blob == null) {
                return Optional.empty();
            }
            byte[] bytes = storage.readAllBytes(blob.getBlobId(),
                    Storage.BlobSourceOption.generationMatch(blob.getGeneration()));
            return Optional.of(new Stored(ChunkSinkState.fromBytes(bytes), blob.getGeneration()));
        } catch (StorageException e) {
            if (e.getCode() == 404 || e.getCode() == 412) {
                return Optional.empty();
            }
            throw GcsErrors.translate("read the state of the upload", uploadId, e);
        }
    }

    /**
     * Writes {@code state}; when {@code generation} is not null, only over that generation of it (-1: only if
     * there is none), else {@link UploadInUseException}.
     */
    long write(ChunkSinkState state, Long generation) {
        BlobInfo info = BlobInfo.newBuilder(location.bucket(), location.uploadKey(state.uploadId(), "state"))
                .setContentType("text/plain; charset=ISO-8859-1").build();
        try {
            Blob written = generation == null ? storage.create(info, state.toBytes())
                    : storage.create(info, state.toBytes(), Storage.BlobTargetOption.generationMatch(
                            Math.max(0, generation)));
            return written.getGeneration();
        } catch (StorageException e) {
            if (e.getCode() == 412) {
                Optional<Stored> now = read(state.uploadId());
                if (now.isPresent() && sameState(now.get().state(), state)) {
                    return now.get().generation(); // a repeat of a write whose answer was lost found it done
                }
                throw UploadInUseException.heldElsewhere(state.uploadId());
            }
            throw GcsErrors.translate("record the state of the upload", state.uploadId(), e);
        }
    }

    /** Whether two states say the same, leaving out the time each was written at (a comment line). */
    private static boolean sameState(ChunkSinkState a, ChunkSinkState b) {
        return withoutComments(a.toBytes()).equals(withoutComments(b.toBytes()));
    }

    private static String withoutComments(byte[] bytes) {
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).lines()
                .filter(line -> !line.startsWith("#")).sorted().collect(java.util.stream.Collectors.joining("\n"));
    }

    /** Saves {@code length} bytes from {@code data} as the tail of {@code uploadId}. */
    void writeTail(String uploadId, InputStream data) throws IOException {
        BlobInfo info = BlobInfo.newBuilder(location.bucket(), location.uploadKey(uploadId, "tail")).build();
        try {
            storage.createFrom(info, data);
        } catch (StorageException e) {
            throw GcsErrors.translate("keep the received bytes of the upload", uploadId, e);
        }
    }

    /** The saved tail of {@code uploadId}. */
    InputStream readTail(String uploadId) {
        return Channels.newInputStream(storage.reader(BlobId.of(location.bucket(), location.uploadKey(uploadId,
                "tail"))));
    }

    /** The key of the object the session of {@code uploadId} writes. */
    String dataKey(String uploadId) {
        return location.uploadKey(uploadId, "data");
    }

    /** Deletes every object {@code uploadId} keeps. */
    void delete(String uploadId) {
        for (String part : List.of("tail", "data", "state")) {
            try {
                storage.delete(BlobId.of(location.bucket(), location.uploadKey(uploadId, part)));
            } catch (StorageException e) {
                throw GcsErrors.translate("remove the partial data of the upload", uploadId, e);
            }
        }
    }

    /**
     * The ids of unfinished uploads opened before {@code openedBefore}: by their state, or, for the data object of
     * a plain save whose process ended (it keeps no state), by the age of its objects.
     */
    List<String> openedBefore(Instant openedBefore) {
        java.util.Map<String, List<Blob>> folders = new java.util.TreeMap<>();
        try {
            for (Blob blob : storage.list(location.bucket(), Storage.BlobListOption.prefix(location.uploadsPrefix()))
                    .iterateAll()) {
                String rest = blob.getName().substring(location.uploadsPrefix().length());
                int slash = rest.indexOf('/');
                folders.computeIfAbsent(slash < 0 ? rest : rest.substring(0, slash), id -> new ArrayList<>()).add(blob);
            }
            List<String> ids = new ArrayList<>();
            for (java.util.Map.Entry<String, List<Blob>> folder : folders.entrySet()) {
                String uploadId = folder.getKey();
                boolean hasState = folder.getValue().stream().anyMatch(blob -> blob.getName().endsWith("/state"));
                Optional<Stored> stored = hasState ? read(uploadId) : Optional.empty();
                boolean old = stored.isPresent() ? stored.get().state().created().isBefore(openedBefore)
                        : folder.getValue().stream().allMatch(blob -> blob.getCreateTimeOffsetDateTime() == null
                        || blob.getCreateTimeOffsetDateTime().toInstant().isBefore(openedBefore));
                if (old) {
                    ids.add(uploadId);
                }
            }
            return ids;
        } catch (StorageException e) {
            throw GcsErrors.translate("list the unfinished uploads of", location.toString(), e);
        }
    }
}
