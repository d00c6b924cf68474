package dev.stowage.local;

import dev.stowage.api.NotFoundException;
import dev.stowage.api.UploadInUseException;
import dev.stowage.api.spi.ChunkSinkState;
import dev.stowage.api.spi.Coverage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.apache.commons.io.file.PathUtils;

/**
 * Where chunked uploads live until they complete: a folder per upload under {@code .stowage/uploads}, holding
 * the upload's {@code state} ({@link ChunkSinkState}), its sparse {@code data} file and a {@code received}
 * journal of the byte ranges made durable. Nothing of it is in memory only, so an upload whose process ended
 * is taken up again by id. While a handle is open it holds an OS lock on the folder's {@code .lock}, so a
 * second handle, in this process or another, is refused.
 */
final class UnfinishedUploads {
    private static final String STATE = "state";
    private static final String DATA = "data";
    private static final String RECEIVED = "received";
    private static final String LOCK = ".lock";

    private final Path root;

    UnfinishedUploads(Path root) throws IOException {
        this.root = Files.createDirectories(root);
    }

    /** One upload's folder, its open files and its lock, while a handle holds it. */
    static final class Held implements AutoCloseable {
        private final Path folder;
        private final FileChannel lockChannel;
        private final FileLock lock;
        private final FileChannel data;
        private final FileChannel received;

        /** Opens the folder's files; without {@code createData} a missing data file is a NoSuchFileException. */
        private Held(Path folder, FileChannel lockChannel, FileLock lock, boolean createData) throws IOException {
            this.folder = folder;
            this.lockChannel = lockChannel;
            this.lock = lock;
            this.data = createData
                    ? FileChannel.open(folder.resolve(DATA), StandardOpenOption.CREATE, StandardOpenOption.READ,
                            StandardOpenOption.WRITE)
                    : FileChannel.open(folder.resolve(DATA), StandardOpenOption.READ, StandardOpenOption.WRITE);
            this.received = FileChannel.open(folder.resolve(RECEIVED), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }

        /** The sparse file the upload's bytes are written into at their offsets. */
        FileChannel data() {
            return data;
        }

        /** The data file's path, handed to the directory's commit once the upload is whole. */
        Path dataFile() {
            return folder.resolve(DATA);
        }

        /** The size of the journal of received byte ranges: it grows with every chunk recorded. */
        long journalSize() throws IOException {
            synchronized (received) {
                return received.size();
            }
        }

        /** Makes bytes {@code [start, end)} durable and records them as received. */
        void recordReceived(long start, long end) throws IOException {
            data.force(false);
            ByteBuffer line = ByteBuffer.wrap((start + " " + end + "\n").getBytes(StandardCharsets.US_ASCII));
            synchronized (received) {
                while (line.hasRemaining()) {
                    received.write(line);
                }
                received.force(false);
            }
        }

        /** Lets go of the upload, keeping it on disk for a later handle. */
        @Override
        public void close() throws IOException {
            try (lockChannel; data; received) {
                lock.release();
            }
        }

        /**
         * {@link #delete()} after the data file was committed, leaving what cannot be removed now to the sweep of
         * {@link #removeOpenedBefore}: without its data file the folder can no longer be resumed.
         */
        void deleteQuietly() {
            try {
                delete();
            } catch (IOException e) {
                // a folder whose data file is gone is never resumed, and is swept once old
            }
        }

        /** Lets go of the upload and removes it (its data file may have been moved out already). */
        void delete() throws IOException {
            close();
            PathUtils.deleteDirectory(folder);
        }
    }

    /** Creates the upload of {@code state} and holds it. */
    Held create(ChunkSinkState state) throws IOException {
        Path folder = Files.createDirectory(folderOf(state.uploadId()));
        Held held = hold(folder, state.uploadId(), true); // before the state exists, so no sweep takes it
        try {
            Path staged = Files.write(folder.resolve(STATE + ".new"), state.toBytes());
            Files.move(staged, folder.resolve(STATE), StandardCopyOption.ATOMIC_MOVE);
            return held;
        } catch (IOException | RuntimeException e) {
            held.delete();
            throw e;
        }
    }

    /** The state of the unfinished upload {@code uploadId}. @throws NotFoundException when there is none */
    ChunkSinkState state(String uploadId) throws IOException {
        try {
            return ChunkSinkState.fromBytes(Files.readAllBytes(folderOf(uploadId).resolve(STATE)));
        } catch (NoSuchFileException e) {
            throw NotFoundException.forUpload(uploadId);
        }
    }

    /**
     * Holds the existing upload {@code uploadId}. One whose data file is gone was committed by a process that
     * ended before removing the folder: it is not found.
     *
     * @throws UploadInUseException when another handle holds it
     */
    Held resume(String uploadId) throws IOException {
        Path folder = folderOf(uploadId);
        Held held;
        try {
            held = hold(folder, uploadId, false);
        } catch (NoSuchFileException e) {
            throw NotFoundException.forUpload(uploadId);
        }
        if (!Files.exists(folder.resolve(STATE))) { // completed or aborted meanwhile
            held.close();
            throw NotFoundException.forUpload(uploadId);
        }
        return held;
    }

    /** The byte ranges the journal of {@code uploadId} records as durable; a torn last line is ignored. */
    Coverage received(String uploadId) throws IOException {
        Coverage coverage = new Coverage();
        List<String> lines = Files.readAllLines(folderOf(uploadId).resolve(RECEIVED), StandardCharsets.US_ASCII);
        for (String line : lines) {
            String[] parts = line.split(" ");
            if (parts.length == 2 && parts[0].matches("\\d{1,19}") && parts[1].matches("\\d{1,19}")) {
                coverage.add(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            }
        }
        return coverage;
    }

    /**
     * Removes every upload opened before {@code cutoff} that no handle holds, and every folder too broken to
     * read; returns how many.
     */
    int removeOpenedBefore(Instant cutoff) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root)) {
            for (Path folder : folders) {
                String uploadId = folder.getFileName().toString();
                Instant created;
                try {
                    created = state(uploadId).created();
                } catch (NotFoundException | IllegalArgumentException | UncheckedIOException e) {
                    created = Instant.EPOCH; // never finished being created, or damaged
                }
                if (created.isBefore(cutoff) && removeIfFree(folder, uploadId)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    private boolean removeIfFree(Path folder, String uploadId) throws IOException {
        try {
            hold(folder, uploadId, true).delete();
            return true;
        } catch (UploadInUseException e) {
            return false;
        } catch (NoSuchFileException e) {
            return false; // another process sweeping at the same time removed it first
        }
    }

    private Held hold(Path folder, String uploadId, boolean createData) throws IOException {
        FileChannel channel = FileChannel.open(folder.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM
        }
        if (lock == null) {
            channel.close();
            throw UploadInUseException.heldElsewhere(uploadId);
        }
        try {
            return new Held(folder, channel, lock, createData);
        } catch (IOException | RuntimeException e) {
            lock.release();
            channel.close();
            throw e;
        }
    }

    private Path folderOf(String uploadId) {
        return root.resolve(uploadId);
    }
}
