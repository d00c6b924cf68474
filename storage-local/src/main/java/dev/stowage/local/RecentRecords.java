package dev.stowage.local;

import dev.stowage.api.StoredFile;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The records read lately, by name, each kept with the data file it described (file key, size and modification
 * time, all from the {@code lstat} a read does anyway): a record is handed out again only while that same file is
 * under the name, so a stat of an unchanged file reads and parses no attribute or sidecar. Only records of settled
 * files are kept, files last modified at least {@link #SETTLED} before they were remembered: any file written later
 * has a later modification time, even one the file system gives a recycled inode number. Forgets everything once
 * it holds {@value #MAX_RECORDS} records.
 */
final class RecentRecords {
    /** How long before being remembered a file must have been last modified. */
    static final Duration SETTLED = Duration.ofSeconds(2);
    /** The most records kept. */
    static final int MAX_RECORDS = 10_000;

    private final ConcurrentHashMap<String, Remembered> records = new ConcurrentHashMap<>();
    private final long settledMillis;

    /** Remembers records of files last modified at least {@code settled} earlier. */
    RecentRecords(Duration settled) {
        this.settledMillis = settled.toMillis();
    }

    /** The record remembered for {@code name} if it described the file of {@code attributes}, else null. */
    StoredFile get(String name, BasicFileAttributes attributes) {
        Remembered remembered = records.get(name);
        return remembered != null && remembered.describes(attributes) ? remembered.file() : null;
    }

    /** Remembers {@code file}, the record just read for {@code name} with {@code attributes}, if settled. */
    void remember(String name, BasicFileAttributes attributes, StoredFile file) {
        Object fileKey = attributes.fileKey();
        FileTime modified = attributes.lastModifiedTime();
        if (fileKey == null || modified.toMillis() > System.currentTimeMillis() - settledMillis) {
            return;
        }
        if (records.size() >= MAX_RECORDS) {
            records.clear();
        }
        records.put(name, new Remembered(fileKey, attributes.size(), modified, file));
    }

    /** A record and the data file it described. */
    private record Remembered(Object fileKey, long size, FileTime modified, StoredFile file) {
        boolean describes(BasicFileAttributes attributes) {
            return size == attributes.size() && modified.equals(attributes.lastModifiedTime())
                    && fileKey.equals(attributes.fileKey());
        }
    }
}
