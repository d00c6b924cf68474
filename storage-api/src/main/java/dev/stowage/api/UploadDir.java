package dev.stowage.api;

import java.io.InputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Where uploaded files are kept, on any backend. Names are keys such as {@code a/b/c.png}; a name that
 * could escape the directory or is otherwise unsafe is refused with {@link NameRejectedException} (see
 * {@link StorageNames}). Saves are atomic: a reader sees the old file or the new one, never a part.
 * Every stored file carries a size, content type, SHA-256, original filename and creation time.
 */
public interface UploadDir {

    /**
     * Streams {@code data} into a file named {@code name}. The stream is read to its end and not closed.
     *
     * @throws AlreadyExistsException     when a file exists under the name and overwrite was not asked
     * @throws PolicyViolationException   when more than {@link SaveOptions#maxSize()} bytes arrive
     * @throws IntegrityMismatchException when the size or SHA-256 differs from the one expected
     */
    StoredFile save(String name, InputStream data, SaveOptions options);

    /** Saves with {@link SaveOptions#defaults()}: refuses to replace an existing file. */
    default StoredFile save(String name, InputStream data) {
        return save(name, data, SaveOptions.defaults());
    }

    /**
     * Streams {@code data} into a new file under a generated storage id ({@link StorageId}), keeping
     * {@link SaveOptions#originalFilename()} as metadata. Never replaces anything.
     */
    default StoredFile saveNew(InputStream data, SaveOptions options) {
        return save(StorageId.generate(), data, options.toBuilder().overwrite(false).build());
    }

    /** What is stored under {@code name}. @throws NotFoundException when nothing is */
    StoredFile stat(String name);

    /** Whether a file is stored under {@code name}. */
    boolean exists(String name);

    /** The bytes stored under {@code name}; the caller closes the stream. */
    default InputStream open(String name) {
        return open(name, ByteRange.from(0));
    }

    /**
     * {@code range} of the bytes stored under {@code name}, cut to the file's end.
     *
     * @throws RangeNotSatisfiableException when the range starts past the end
     */
    InputStream open(String name, ByteRange range);

    /** One page of names; see {@link ListOptions}. */
    ListPage list(ListOptions options);

    /** Every file whose name starts with {@code prefix}, fetched a page at a time as the stream is read. */
    default Stream<StoredFile> list(String prefix) {
        Iterator<StoredFile> files = new Iterator<>() {
            private ListOptions next = ListOptions.prefix(prefix);
            private Iterator<StoredFile> page = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && next != null) {
                    ListPage fetched = list(next);
                    page = fetched.files().iterator();
                    next = fetched.next().map(next::withPageToken).orElse(null);
                }
                return page.hasNext();
            }

            @Override
            public StoredFile next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(files,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT), false);
    }

    /** Copies {@code source} to {@code target}, metadata included. */
    StoredFile copy(String source, String target, boolean overwrite);

    /** Moves {@code source} to {@code target}, metadata included; {@code source} is gone afterwards. */
    StoredFile move(String source, String target, boolean overwrite);

    /** Deletes {@code name}; returns whether there was a file to delete. */
    boolean delete(String name);

    /**
     * Opens an incremental upload to {@code name}: chunks at any offset in any order, made visible only by
     * {@link ChunkSink#complete()}. {@link SaveOptions#expectedSize()} declares the size, when known.
     */
    ChunkSink chunkSink(String name, SaveOptions options);

    /** Opens an incremental upload to a new file under a generated storage id. */
    default ChunkSink chunkSinkNew(SaveOptions options) {
        return chunkSink(StorageId.generate(), options.toBuilder().overwrite(false).build());
    }

    /**
     * Takes up again the unfinished upload {@code uploadId} ({@link ChunkSink#uploadId()}), suspended or left
     * by a process that ended; with {@link Capability#RESUMABLE_UPLOADS} also from another process or instance.
     * The handle's {@link ChunkSink#bytesReceived()} counts what the backend kept; it has the options the
     * upload was opened with, without a progress listener.
     *
     * @throws NotFoundException when no unfinished upload has that id
     * @throws UploadInUseException when another handle of the upload is open
     */
    ChunkSink resumeChunkSink(String uploadId);

    /**
     * Aborts every unfinished upload opened more than {@code age} ago and removes its partial data, whether
     * its handle was suspended or its process ended (on S3 this includes multipart uploads under the prefix
     * not started by Stowage).
     *
     * @return how many unfinished uploads were aborted
     */
    int abortUnfinishedUploads(Duration age);
}
