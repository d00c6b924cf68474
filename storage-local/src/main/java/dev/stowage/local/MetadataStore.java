package dev.stowage.local;

import dev.stowage.api.StoredFile;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.file.PathUtils;

/**
 * Keeps each stored file's metadata with it. Where the file system has user extended attributes (detected
 * once per storage root), the record is an attribute of the data file itself, written on the staged file before
 * it is synced and renamed into place, so data and metadata appear together and one fsync covers both. Otherwise
 * — or when a record does not fit in an attribute — it is a small properties file under the hidden
 * {@code .stowage/meta} tree, at the same relative path as the file, naming the identity of the data file it
 * describes (its inode where the OS has one); a sidecar whose identity differs from the file now under the name is
 * stale — left by a writer in another process mid-swap or by a crash — and is not believed. Both kinds name the
 * data file's modification time too, so a file changed in place (by hand) no longer matches its record, which is
 * then rebuilt from the bytes; records written before that field existed are believed as before. Reads accept both
 * kinds, and the records of settled files are remembered in {@link RecentRecords}, so a stat of an unchanged file
 * reads neither the attribute nor the sidecar again.
 */
final class MetadataStore {
    /** The user attribute that holds a data file's record. */
    private static final String ATTRIBUTE = "stowage.metadata";
    /** Room for a record read in one call; a longer one (a very long filename) is read after asking its size. */
    private static final int USUAL_RECORD_SIZE = 1024;
    /** The record's field for the data file's modification time, in nanoseconds since the epoch. */
    private static final String MODIFIED = "modified-ns";

    private final SafePaths paths;
    private final boolean inAttributes;
    private final RecentRecords recent = new RecentRecords(RecentRecords.SETTLED);

    /** Sidecars under {@code metaRoot}; records in attributes too when {@code inAttributes}. */
    MetadataStore(Path metaRoot, boolean inAttributes) {
        this.paths = new SafePaths(metaRoot);
        this.inAttributes = inAttributes;
    }

    /** Whether the file system of the empty file {@code probe} stores user extended attributes. */
    static boolean userAttributesWork(Path probe) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(probe, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return false;
        }
        try {
            view.write(ATTRIBUTE, ByteBuffer.wrap(new byte[] {1}));
            return view.size(ATTRIBUTE) == 1;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The identity of a data file: its inode (file key), else its size and modification time. */
    private static String identity(BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        return key != null ? key.toString()
                : attributes.size() + "@" + attributes.lastModifiedTime().toMillis();
    }

    /**
     * The metadata of {@code name}, whose data file is at {@code file} with {@code attributes}: its attribute
     * record, else a sidecar record for exactly that data file.
     */
    Optional<StoredFile> read(String name, Path file, BasicFileAttributes attributes) throws IOException {
        StoredFile remembered = recent.get(name, attributes);
        if (remembered != null) {
            return Optional.of(remembered);
        }
        Optional<StoredFile> stored = readStored(name, file, attributes);
        stored.ifPresent(known -> recent.remember(name, attributes, known));
        return stored;
    }

    private Optional<StoredFile> readStored(String name, Path file, BasicFileAttributes attributes)
            throws IOException {
        if (inAttributes) {
            Optional<StoredFile> attached = readAttribute(name, file, attributes);
            if (attached.isPresent()) {
                return attached;
            }
        }
        Properties record = new Properties();
        try (Reader in = Files.newBufferedReader(paths.resolve(name), StandardCharsets.UTF_8)) {
            record.load(in);
        } catch (NoSuchFileException | AccessDeniedException e) {
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a torn or foreign record: rebuilt from the data
        }
        if (!identity(attributes).equals(record.getProperty("identity"))) {
            return Optional.empty();
        }
        return parse(name, record, attributes);
    }

    private static Optional<StoredFile> readAttribute(String name, Path file, BasicFileAttributes attributes)
            throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        ByteBuffer bytes = ByteBuffer.allocate(USUAL_RECORD_SIZE);
        try {
            view.read(ATTRIBUTE, bytes); // one open and read: a usual record fits
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException tooBigOrMissing) {
            try {
                bytes = ByteBuffer.allocate(view.size(ATTRIBUTE));
                view.read(ATTRIBUTE, bytes);
            } catch (NoSuchFileException e) {
                throw e;
            } catch (IOException e) {
                return Optional.empty(); // no record attached (a file put there by hand, or a sidecar's)
            }
        }
        Properties record = new Properties();
        try {
            record.load(new StringReader(StandardCharsets.UTF_8.decode(bytes.flip()).toString()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return parse(name, record, attributes);
    }

    /**
     * The stored file {@code record} describes, if it describes the data file of {@code attributes}: the same size
     * and, where the record names it, the same modification time.
     */
    private static Optional<StoredFile> parse(String name, Properties record, BasicFileAttributes attributes) {
        try {
            String modified = record.getProperty(MODIFIED);
            long size = Long.parseLong(record.getProperty("size"));
            if (size != attributes.size()
                    || modified != null && Long.parseLong(modified) != modifiedNanos(attributes)) {
                return Optional.empty();
            }
            return Optional.of(new StoredFile(name, size,
                    record.getProperty("content-type"), record.getProperty("sha256"),
                    record.getProperty("original-filename"), Instant.parse(record.getProperty("created"))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long modifiedNanos(BasicFileAttributes attributes) {
        return attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    }

    /** The record of {@code file}, whose bytes are the data file of {@code attributes}. */
    private static Properties record(StoredFile file, BasicFileAttributes attributes) {
        Properties record = new Properties();
        record.setProperty(MODIFIED, Long.toString(modifiedNanos(attributes)));
        record.setProperty("size", Long.toString(file.size()));
        record.setProperty("content-type", file.contentType());
        record.setProperty("sha256", file.sha256());
        if (file.originalFilename() != null) {
            record.setProperty("original-filename", file.originalFilename());
        }
        record.setProperty("created", file.created().toString());
        return record;
    }

    /**
     * Attaches {@code file}'s record to the data file at {@code dataFile}, whose attributes once written in full
     * are {@code attributes}, as a user attribute, unsynced (the caller syncs the data file afterwards). False when
     * this root keeps sidecars or the record does not fit in an attribute: then the caller writes a sidecar.
     */
    boolean attach(Path dataFile, StoredFile file, BasicFileAttributes attributes) {
        if (!inAttributes) {
            return false;
        }
        StringWriter text = new StringWriter();
        try {
            record(file, attributes).store(text, null);
            Files.getFileAttributeView(dataFile, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .write(ATTRIBUTE, StandardCharsets.UTF_8.encode(text.toString()));
            return true;
        } catch (IOException e) {
            return false; // too big for the file system's attribute space
        }
    }

    /**
     * Writes {@code file}'s sidecar record for the data file of {@code attributes}, which is written in full, to
     * {@code staged}, synced.
     */
    static void write(Path staged, StoredFile file, BasicFileAttributes attributes) throws IOException {
        Properties record = record(file, attributes);
        record.setProperty("identity", identity(attributes));
        try (Writer out = Files.newBufferedWriter(staged, StandardCharsets.UTF_8)) {
            record.store(out, null);
        }
        try (FileChannel channel = FileChannel.open(staged, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Moves the sidecar record written to {@code staged} into place for {@code name}, replacing any old one. */
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

    /** Removes the sidecar record of {@code name}, if any, and the folders it leaves empty. */
    void delete(String name) throws IOException {
        Path target = paths.resolve(name);
        try {
            if (!Files.deleteIfExists(target)) {
                return;
            }
        } catch (DirectoryNotEmptyException e) {
            PathUtils.deleteDirectory(target); // records of names under it: orphans of a crash
        }
        paths.removeEmptyParents(target);
    }
}
