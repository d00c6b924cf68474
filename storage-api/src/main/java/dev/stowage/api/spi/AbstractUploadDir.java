package dev.stowage.api.spi;

import dev.stowage.api.AlreadyExistsException;
import dev.stowage.api.ByteRange;
import dev.stowage.api.ChunkSink;
import dev.stowage.api.ListOptions;
import dev.stowage.api.ListPage;
import dev.stowage.api.MediaTypes;
import dev.stowage.api.NotFoundException;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.StorageId;
import dev.stowage.api.StorageNames;
import dev.stowage.api.StoredFile;
import dev.stowage.api.UploadDir;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What every backend's {@link UploadDir} shares, written once: every name goes through
 * {@link StorageNames#normalize} before the backend sees it, content types are resolved (given, or guessed
 * from the original filename or the name), copy and move onto themselves follow one rule, and listing pages
 * are cut by {@link Listings}. A backend implements the {@code do*} methods, which only ever receive
 * normalized names and resolved options.
 */
public abstract class AbstractUploadDir implements UploadDir {

    /** Streams {@code data} into {@code name}; {@code options} has a content type. */
    protected abstract StoredFile doSave(String name, InputStream data, SaveOptions options);

    /** What is stored under {@code name}, or empty. */
    protected abstract Optional<StoredFile> doStat(String name);

    /** {@code range} (not yet cut to the file's size) of {@code name}'s bytes. */
    protected abstract InputStream doOpen(String name, ByteRange range);

    /** The backend's stored names, in {@link NameOrder}. */
    protected abstract NameSource names();

    /** Copies {@code source} to a different name {@code target}. */
    protected abstract StoredFile doCopy(String source, String target, boolean overwrite);

    /** Moves {@code source} to a different name {@code target}. */
    protected abstract StoredFile doMove(String source, String target, boolean overwrite);

    /** Deletes {@code name}, returning whether it existed. */
    protected abstract boolean doDelete(String name);

    /** Opens a chunk sink to {@code name}; {@code options} has a content type. */
    protected abstract ChunkSink doChunkSink(String name, SaveOptions options);

    /** Takes up the unfinished upload {@code uploadId}, which has the shape of a {@link StorageId}. */
    protected abstract ChunkSink doResumeChunkSink(String uploadId);

    /** Aborts unfinished uploads opened more than {@code age} (not negative) ago; returns how many. */
    protected abstract int doAbortUnfinishedUploads(Duration age);

    @Override
    public final StoredFile save(String name, InputStream data, SaveOptions options) {
        String normalized = StorageNames.normalize(name);
        Objects.requireNonNull(data, "data");
        return doSave(normalized, data, withContentType(normalized, options));
    }

    @Override
    public final StoredFile stat(String name) {
        String normalized = StorageNames.normalize(name);
        return doStat(normalized).orElseThrow(() -> NotFoundException.forName(normalized));
    }

    @Override
    public final boolean exists(String name) {
        return doStat(StorageNames.normalize(name)).isPresent();
    }

    @Override
    public final InputStream open(String name, ByteRange range) {
        return doOpen(StorageNames.normalize(name), Objects.requireNonNull(range, "range"));
    }

    @Override
    public final ListPage list(ListOptions options) {
        String prefix = StorageNames.normalizePrefix(options.prefix());
        return Listings.page(new ListOptions(prefix, options.delimiter(), options.pageSize(), options.pageToken()),
                names(), this::doStat);
    }

    @Override
    public final StoredFile copy(String source, String target, boolean overwrite) {
        String from = StorageNames.normalize(source);
        String to = StorageNames.normalize(target);
        return from.equals(to) ? ontoItself(from, overwrite) : doCopy(from, to, overwrite);
    }

    @Override
    public final StoredFile move(String source, String target, boolean overwrite) {
        String from = StorageNames.normalize(source);
        String to = StorageNames.normalize(target);
        return from.equals(to) ? ontoItself(from, overwrite) : doMove(from, to, overwrite);
    }

    @Override
    public final boolean delete(String name) {
        return doDelete(StorageNames.normalize(name));
    }

    @Override
    public final ChunkSink chunkSink(String name, SaveOptions options) {
        String normalized = StorageNames.normalize(name);
        return doChunkSink(normalized, withContentType(normalized, options));
    }

    @Override
    public final ChunkSink resumeChunkSink(String uploadId) {
        if (!StorageId.isWellFormed(uploadId)) {
            throw NotFoundException.forUpload(String.valueOf(uploadId));
        }
        return doResumeChunkSink(uploadId);
    }

    @Override
    public final int abortUnfinishedUploads(Duration age) {
        if (age.isNegative()) {
            throw new IllegalArgumentException("age must not be negative: " + age);
        }
        return doAbortUnfinishedUploads(age);
    }

    /** Copy or move of a file onto its own name: nothing to do, but only when replacing was allowed. */
    private StoredFile ontoItself(String name, boolean overwrite) {
        StoredFile file = doStat(name).orElseThrow(() -> NotFoundException.forName(name));
        if (!overwrite) {
            throw AlreadyExistsException.atName(name);
        }
        return file;
    }

    private static SaveOptions withContentType(String name, SaveOptions options) {
        if (options.contentType() != null) {
            return options;
        }
        String basis = options.originalFilename() != null ? options.originalFilename() : name;
        return options.toBuilder().contentType(MediaTypes.guess(basis)).build();
    }
}
