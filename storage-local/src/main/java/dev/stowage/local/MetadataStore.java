package dev.stowage.local;

import dev.stowage.api.StoredFile;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.apache.commons.io.file.PathUtils;

/**
 * Keeps each stored file's metadata in a small properties file under the hidden {@code .stowage/meta} tree,
 * at the same relative path as the file. Each record names the identity of the data file it describes (its
 * inode where the OS has one); a record whose identity differs from the file now under the name is stale —
 * left by a writer in another process mid-swap or by a crash — and is not believed.
 */
final class MetadataStore {
    private final SafePaths paths;

    MetadataStore(Path metaRoot) {
        this.paths = new SafePaths(metaRoot);
    }

    /** The identity of a data file: its inode (file key), else its size and modification time. */
    static String identity(BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        return key != null ? key.toString()
                : attributes.size() + "@" + attributes.lastModifiedTime().toMillis();
    }

    /** The identity of the data file at {@code file}, read without following links. */
    static String identity(Path file) throws IOException {
        return identity(Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    }

    /** The metadata of {@code name} if a record exists for exactly the data file of {@code identity}. */
    Optional<StoredFile> read(String name, String identity) throws IOException {
        Properties record = new Properties();
        try (Reader in = Files.newBufferedReader(paths.resolve(name), StandardCharsets.UTF_8)) {
            record.load(in);
        } catch (NoSuchFileException | AccessDeniedException e) {
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a torn or foreign record: rebuilt from the data
        }
        if (!identity.equals(record.getProperty("identity"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StoredFile(name, Long.parseLong(record.getProperty("size")),
                    record.getProperty("content-type"), record.getProperty("sha256"),
                    record.getProperty("original-filename"), Instant.parse(record.getProperty("created"))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Writes {@code file}'s record for the data file of {@code identity} to {@code staged}, synced. */
    static void write(Path staged, StoredFile file, String identity) throws IOException {
        Properties record = new Properties();
        record.setProperty("size", Long.toString(file.size()));
        record.setProperty("content-type", file.contentType());
        record.setProperty("sha256", file.sha256());
        if (file.originalFilename() != null) {
            record.setProperty("original-filename", file.originalFilename());
        }
        record.setProperty("created", file.created().toString());
        record.setProperty("identity", identity);
        try (Writer out = Files.newBufferedWriter(staged, StandardCharsets.UTF_8)) {
            record.store(out, null);
        }
        try (FileChannel channel = FileChannel.open(staged, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Moves the record written to {@code staged} into place for {@code name}, replacing any old one. */
    void install(Path staged, String name) throws IOException {
        Path target = paths.resolve(name);
        // The data tree is the truth and already holds the file: records in the way are orphans of a crash.
        Path folder = paths.root();
        for (Path segment : paths.root().relativize(target.getParent())) {
            folder = folder.resolve(segment);
            if (Files.isRegularFile(folder, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(folder);
            }
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(folder);
            }
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            PathUtils.deleteDirectory(target);
        }
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes the record of {@code name}, if any, and the folders it leaves empty. */
    void delete(String name) throws IOException {
        Path target = paths.resolve(name);
        if (Files.deleteIfExists(target)) {
            paths.removeEmptyParents(target);
        }
    }
}
