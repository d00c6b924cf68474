package dev.stowage.local;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.io.file.PathUtils;

/**
 * Where files are written before they become visible: a folder per open directory instance, on the same
 * filesystem as the files (so moving into place is an atomic rename) and never served. Each instance holds
 * an OS file lock on its folder while it lives; a folder whose lock nobody holds belonged to a process that
 * died, and is reclaimed when the next instance opens.
 */
final class StagingArea implements Closeable {
    private static final String LOCK_FILE = ".lock";

    private final Path folder;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final AtomicLong counter = new AtomicLong();
    private final int reclaimed;

    private StagingArea(Path folder, FileChannel lockChannel, FileLock lock, int reclaimed) {
        this.folder = folder;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.reclaimed = reclaimed;
    }

    /** Opens a fresh instance folder under {@code stagingRoot}, first reclaiming abandoned ones. */
    static StagingArea open(Path stagingRoot) throws IOException {
        Files.createDirectories(stagingRoot);
        int reclaimed = reclaimAbandoned(stagingRoot);
        Path folder = Files.createDirectory(stagingRoot.resolve(UUID.randomUUID().toString()));
        FileChannel channel = FileChannel.open(folder.resolve(LOCK_FILE), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        return new StagingArea(folder, channel, channel.lock(), reclaimed);
    }

    /** How many abandoned staging folders and files were removed when this one opened. */
    int reclaimed() {
        return reclaimed;
    }

    /** A new empty file to write into. */
    Path newFile(String suffix) throws IOException {
        return Files.createFile(folder.resolve(counter.incrementAndGet() + suffix));
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            lockChannel.close();
        } finally {
            PathUtils.deleteDirectory(folder);
        }
    }

    private static int reclaimAbandoned(Path stagingRoot) throws IOException {
        int count = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(stagingRoot)) {
            for (Path entry : entries) {
                if (!Files.isDirectory(entry) || isAbandoned(entry)) {
                    PathUtils.delete(entry);
                    count++;
                }
            }
        }
        return count;
    }

    private static boolean isAbandoned(Path folder) throws IOException {
        Path lockFile = folder.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return false; // another process holds it
            }
            probe.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // this JVM holds it
        }
    }
}
