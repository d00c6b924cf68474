package dev.stowage.local;

import dev.stowage.api.AlreadyExistsException;
import dev.stowage.api.ByteRange;
import dev.stowage.api.ChunkSink;
import dev.stowage.api.MediaTypes;
import dev.stowage.api.NotFoundException;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.StorageException;
import dev.stowage.api.StorageIOException;
import dev.stowage.api.StorageId;
import dev.stowage.api.StoredFile;
import dev.stowage.api.spi.AbstractUploadDir;
import dev.stowage.api.spi.ChunkSinkState;
import dev.stowage.api.spi.Coverage;
import dev.stowage.api.spi.NameSource;
import dev.stowage.api.spi.Sha256;
import dev.stowage.api.spi.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * The upload directory on local disk. Files live at their names under the root; their metadata (see
 * {@link MetadataStore}) lives in a user attribute of each file, or in the hidden {@code .stowage/meta} tree, and
 * writes pass through {@code .stowage/staging}, both of which the name rules keep out of reach. Every write
 * streams to staging while hashing, is synced, then moved into place by an atomic rename (replace) or hard link
 * (create once), so readers see the old file or the new one and racing creators cannot both win.
 */
final class LocalUploadDir extends AbstractUploadDir {
    private static final int BUFFER_SIZE = 128 * 1024;
    /** Saves up to this size are written by the caller's thread alone. */
    private static final int SMALL_FILE_SIZE = 64 * 1024;

    private final SafePaths paths;
    private final StagingArea staging;
    private final UnfinishedUploads unfinished;
    private final MetadataStore metadata;
    private final NameLocks locks = new NameLocks();
    private final ArrivalDigests arrivalDigests = new ArrivalDigests();
    private final Clock clock;

    LocalUploadDir(Path root, StagingArea staging, UnfinishedUploads unfinished, MetadataStore metadata,
            Clock clock) {
        this.paths = new SafePaths(root);
        this.staging = staging;
        this.unfinished = unfinished;
        this.metadata = metadata;
        this.clock = clock;
    }

    @Override
    protected StoredFile doSave(String name, InputStream data, SaveOptions options) {
        Path staged = null;
        try {
            staged = staging.newFile(".part");
            VerifyingInputStream in = VerifyingInputStream.hashedByCaller(name, data, options);
            MessageDigest digest = Sha256.newDigest();
            StoredFile file;
            boolean attached;
            try (FileChannel out = FileChannel.open(staged, StandardOpenOption.WRITE)) {
                write(in, out, digest);
                file = new StoredFile(name, in.count(), options.contentType(), in.finish(Sha256.hex(digest)),
                        options.originalFilename(), clock.instant());
                attached = attachAndSync(staged, out, file);
            }
            return commit(staged, file, options.overwrite(), attached);
        } catch (IOException e) {
            throw StorageIOException.during("save", name, e);
        } finally {
            deleteQuietly(staged);
        }
    }

    /**
     * Writes all of {@code in} to {@code out} and passes the same bytes through {@code digest}. Beyond the first
     * {@value #SMALL_FILE_SIZE} bytes, a {@link BackgroundFileWriter} writes and hashes each filled buffer on
     * threads of its own while this one reads the next, unless as many of those run as the heap allows; then
     * this thread goes on writing and hashing itself.
     */
    private static void write(InputStream in, FileChannel out, MessageDigest digest) throws IOException {
        byte[] buffer = new byte[SMALL_FILE_SIZE];
        if (!copy(in, out, digest, buffer, SMALL_FILE_SIZE)) {
            return;
        }
        Optional<BackgroundFileWriter> background = BackgroundFileWriter.start(out, out.position(),
                EarlyWriteback.STEP, digest);
        if (background.isEmpty()) {
            copy(in, out, digest, buffer, Long.MAX_VALUE);
            return;
        }
        try (BackgroundFileWriter writer = background.get()) {
            writer.writeFrom(in);
            writer.awaitHashed();
        }
    }

    /**
     * Copies {@code in} to {@code out} and through {@code digest} via {@code buffer} until {@code limit} bytes or
     * more; whether more came.
     */
    private static boolean copy(InputStream in, FileChannel out, MessageDigest digest, byte[] buffer, long limit)
            throws IOException {
        for (long written = 0; written < limit; ) {
            int n = in.read(buffer);
            if (n < 0) {
                return false;
            }
            writeFully(out, buffer, n);
            digest.update(buffer, 0, n);
            written += n;
        }
        return true;
    }

    private static void writeFully(FileChannel out, byte[] bytes, int length) throws IOException {
        ByteBuffer chunk = ByteBuffer.wrap(bytes, 0, length);
        while (chunk.hasRemaining()) {
            out.write(chunk);
        }
    }

    /**
     * Attaches {@code file}'s metadata to the data file at {@code staged} where the file system allows, then
     * syncs both through {@code channel}; whether the metadata went along (else {@link #commit} writes a sidecar).
     */
    boolean attachAndSync(Path staged, FileChannel channel, StoredFile file) throws IOException {
        boolean attached = metadata.attach(staged, file,
                Files.readAttributes(staged, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        channel.force(true);
        return attached;
    }

    /**
     * Makes the synced file at {@code staged} visible as {@code file.name()} with its metadata — {@code attached}
     * to it already, else in a sidecar record renamed into place beside it under the name's write lock.
     */
    StoredFile commit(Path staged, StoredFile file, boolean overwrite, boolean attached) throws IOException {
        String name = file.name();
        Path target = paths.resolve(name);
        Path stagedRecord = attached ? null : staging.newFile(".meta");
        try {
            if (!attached) {
                MetadataStore.write(stagedRecord, file,
                        Files.readAttributes(staged, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
            }
            Lock lock = locks.forName(name).writeLock();
            lock.lock();
            try {
                paths.createParents(target, name);
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw AlreadyExistsException.asFolder(name, name);
                }
                if (overwrite) {
                    Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    createOnce(staged, target, name);
                }
                if (attached) {
                    metadata.delete(name); // a sidecar left by an earlier file under this name
                } else {
                    metadata.install(stagedRecord, name);
                }
                SafePaths.syncFolder(target.getParent());
            } finally {
                lock.unlock();
            }
            return file;
        } finally {
            deleteQuietly(stagedRecord);
        }
    }

    /** Links {@code staged} in as {@code target} only if nothing is there: atomic, so one racer wins. */
    private static void createOnce(Path staged, Path target, String name) throws IOException {
        try {
            Files.createLink(target, staged);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isSameFile(target, staged)) {
                throw AlreadyExistsException.atName(name);
            }
            // linked in already by a process that ended before it could unlink the staged name
        }
        Files.delete(staged);
    }

    @Override
    protected Optional<StoredFile> doStat(String name) {
        Path file = paths.resolveFolders(name);
        try {
            Lock read = locks.forName(name).readLock();
            read.lock();
            try {
                Optional<BasicFileAttributes> attributes = paths.regularFile(name, file);
                if (attributes.isEmpty()) {
                    return Optional.empty();
                }
                Optional<StoredFile> known = metadata.read(name, file, attributes.get());
                if (known.isPresent()) {
                    return known;
                }
            } finally {
                read.unlock();
            }
            return rebuildMetadata(name, file);
        } catch (IOException e) {
            throw StorageIOException.during("read the metadata of", name, e);
        }
    }

    /**
     * Metadata is missing or stale (a crash between the two renames, a writer in another process mid-swap,
     * or a file put into the directory by hand): rebuild it from the file itself.
     */
    private Optional<StoredFile> rebuildMetadata(String name, Path file) throws IOException {
        Lock write = locks.forName(name).writeLock();
        write.lock();
        try {
            Optional<BasicFileAttributes> attributes = paths.regularFile(name, file);
            if (attributes.isEmpty()) {
                return Optional.empty();
            }
            Optional<StoredFile> known = metadata.read(name, file, attributes.get());
            if (known.isPresent()) {
                return known;
            }
            MessageDigest digest = Sha256.newDigest();
            long size = 0;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                byte[] buffer = new byte[BUFFER_SIZE];
                for (int n; (n = in.read(buffer)) >= 0; size += n) {
                    digest.update(buffer, 0, n);
                }
            } catch (NoSuchFileException e) {
                return Optional.empty(); // deleted meanwhile
            }
            StoredFile rebuilt = new StoredFile(name, size, MediaTypes.guess(name), Sha256.hex(digest), null,
                    attributes.get().lastModifiedTime().toInstant());
            if (!metadata.attach(file, rebuilt, attributes.get())) {
                Path stagedRecord = staging.newFile(".meta");
                try {
                    MetadataStore.write(stagedRecord, rebuilt, attributes.get());
                    metadata.install(stagedRecord, name);
                } finally {
                    deleteQuietly(stagedRecord);
                }
            }
            return Optional.of(rebuilt);
        } finally {
            write.unlock();
        }
    }

    @Override
    protected InputStream doOpen(String name, ByteRange range) {
        Snapshot snapshot = snapshot(name, false);
        try {
            ByteRange clipped = range.clip(name, snapshot.channel().size());
            if (clipped.offset() > 0) {
                snapshot.channel().position(clipped.offset());
            }
            return BoundedInputStream.builder()
                    .setInputStream(Channels.newInputStream(snapshot.channel()))
                    .setMaxCount(clipped.length())
                    .setPropagateClose(true)
                    .get();
        } catch (IOException | StorageException e) {
            closeQuietly(snapshot.channel());
            if (e instanceof StorageException se) {
                throw se;
            }
            throw StorageIOException.during("read", name, (IOException) e);
        }
    }

    /** An open channel on the file of {@code name} and, when asked, the metadata that matches it. */
    private record Snapshot(FileChannel channel, StoredFile file) {
    }

    /**
     * Opens {@code name}'s file; the open channel keeps reading these bytes even if the name is replaced or
     * deleted meanwhile. With {@code withMetadata}, also the record that describes exactly these bytes.
     */
    private Snapshot snapshot(String name, boolean withMetadata) {
        Path file = paths.resolveFolders(name);
        for (int attempt = 0; ; attempt++) {
            FileChannel channel = null;
            Lock read = locks.forName(name).readLock();
            read.lock();
            try {
                if (paths.regularFile(name, file).isEmpty()) {
                    throw NotFoundException.forName(name);
                }
                channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                if (!withMetadata) {
                    return new Snapshot(channel, null);
                }
                Optional<StoredFile> known = metadata.read(name, file,
                        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
                if (known.isPresent()) {
                    return new Snapshot(channel, known.get());
                }
            } catch (NoSuchFileException e) {
                closeQuietly(channel);
                throw NotFoundException.forName(name);
            } catch (IOException e) {
                closeQuietly(channel);
                throw StorageIOException.during("read", name, e);
            } catch (RuntimeException e) {
                closeQuietly(channel);
                throw e;
            } finally {
                read.unlock();
            }
            closeQuietly(channel);
            if (attempt >= 3) {
                throw StorageIOException.during("read", name, new IOException(
                        "the file keeps changing while its metadata is read"));
            }
            doStat(name); // rebuilds the missing or stale record, then try again
        }
    }

    @Override
    protected NameSource names() {
        return new LocalNameSource(paths.root());
    }

    @Override
    protected StoredFile doCopy(String source, String target, boolean overwrite) {
        Snapshot snapshot = snapshot(source, true);
        Path staged = null;
        try (FileChannel in = snapshot.channel()) {
            staged = staging.newFile(".part");
            StoredFile copied = snapshot.file().withName(target);
            boolean attached;
            try (FileChannel out = FileChannel.open(staged, StandardOpenOption.WRITE)) {
                long size = in.size();
                for (long done = 0; done < size; ) {
                    done += in.transferTo(done, size - done, out);
                }
                attached = attachAndSync(staged, out, copied);
            }
            return commit(staged, copied, overwrite, attached);
        } catch (IOException e) {
            throw StorageIOException.during("copy " + source + " to", target, e);
        } finally {
            deleteQuietly(staged);
        }
    }

    @Override
    protected StoredFile doMove(String source, String target, boolean overwrite) {
        Path from = paths.resolve(source);
        Path to = paths.resolve(target);
        Lock first = locks.forName(source).writeLock();
        Lock second = locks.forName(target).writeLock();
        if (System.identityHashCode(first) > System.identityHashCode(second)) {
            Lock swap = first;
            first = second;
            second = swap;
        }
        StoredFile file = snapshotMetadata(source);
        Path stagedRecord = null;
        first.lock();
        second.lock();
        try {
            Optional<BasicFileAttributes> attributes = paths.regularFile(source, from);
            if (attributes.isEmpty()) {
                throw NotFoundException.forName(source);
            }
            StoredFile current = metadata.read(source, from, attributes.get()).orElse(file);
            boolean attached = metadata.attach(from, current, attributes.get());
            if (!attached) {
                stagedRecord = staging.newFile(".meta");
                MetadataStore.write(stagedRecord, current.withName(target), attributes.get());
            }
            paths.createParents(to, target);
            if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
                throw AlreadyExistsException.asFolder(target, target);
            }
            if (overwrite) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            } else {
                createOnce(from, to, target);
            }
            if (attached) {
                metadata.delete(target); // a sidecar left by an earlier file under the target name
            } else {
                metadata.install(stagedRecord, target);
            }
            metadata.delete(source);
            paths.removeEmptyParents(from);
            SafePaths.syncFolder(to.getParent());
            return current.withName(target);
        } catch (NoSuchFileException e) {
            throw NotFoundException.forName(source);
        } catch (IOException e) {
            throw StorageIOException.during("move " + source + " to", target, e);
        } finally {
            second.unlock();
            first.unlock();
            deleteQuietly(stagedRecord);
        }
    }

    private StoredFile snapshotMetadata(String name) {
        Snapshot snapshot = snapshot(name, true);
        closeQuietly(snapshot.channel());
        return snapshot.file();
    }

    @Override
    protected boolean doDelete(String name) {
        Path file = paths.resolve(name);
        Lock write = locks.forName(name).writeLock();
        write.lock();
        try {
            if (paths.regularFile(name, file).isEmpty()) {
                return false;
            }
            Files.delete(file);
            metadata.delete(name);
            paths.removeEmptyParents(file);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw StorageIOException.during("delete", name, e);
        } finally {
            write.unlock();
        }
    }

    @Override
    protected ChunkSink doChunkSink(String name, SaveOptions options) {
        paths.resolve(name); // refuses a name that leads through a link now, not after the upload
        ChunkSinkState state = new ChunkSinkState(StorageId.generate(), name, options, clock.instant(), Map.of());
        try {
            return new LocalChunkSink(state.uploadId(), name, options, new Coverage(), unfinished.create(state),
                    ArrivalDigest.empty(), this);
        } catch (IOException e) {
            throw StorageIOException.during("start a chunked upload of", name, e);
        }
    }

    @Override
    protected ChunkSink doResumeChunkSink(String uploadId) {
        try {
            UnfinishedUploads.Held held = unfinished.resume(uploadId);
            try {
                ChunkSinkState state = unfinished.state(uploadId);
                return new LocalChunkSink(uploadId, state.name(), state.options(), unfinished.received(uploadId),
                        held, arrivalDigests.take(uploadId, held.journalSize()), this);
            } catch (IOException | RuntimeException e) {
                held.close();
                throw e;
            }
        } catch (IOException e) {
            throw StorageIOException.during("resume the chunked upload", uploadId, e);
        }
    }

    @Override
    protected int doAbortUnfinishedUploads(Duration age) {
        try {
            return unfinished.removeOpenedBefore(clock.instant().minus(age));
        } catch (IOException e) {
            throw StorageIOException.during("abort unfinished uploads in", paths.root().toString(), e);
        }
    }

    Clock clock() {
        return clock;
    }

    /** The digests of this directory's suspended chunked uploads, hashed as their bytes arrived. */
    ArrivalDigests arrivalDigests() {
        return arrivalDigests;
    }

    /** Syncs a folder's entries to disk after a rename, where the OS allows it. */
    static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // a staging leftover is reclaimed when the directory is next opened
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing was written through it
            }
        }
    }
}
