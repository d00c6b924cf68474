package dev.stowage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.stowage.api.StoredFile;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A remembered record is handed out only for the very file it was read with, and only once that file settled. */
class RecentRecordsTest {
    private static final Instant LONG_AGO = Instant.now().minusSeconds(3600);
    private static final StoredFile RECORD = new StoredFile("a.txt", 4, "text/plain", "0".repeat(64), null, LONG_AGO);

    /** The attributes of a regular file. */
    private record Attributes(Object fileKey, long size, FileTime lastModifiedTime) implements BasicFileAttributes {
        Attributes(Object fileKey, long size, Instant modified) {
            this(fileKey, size, FileTime.from(modified));
        }

        @Override
        public FileTime lastAccessTime() {
            return lastModifiedTime;
        }

        @Override
        public FileTime creationTime() {
            return lastModifiedTime;
        }

        @Override
        public boolean isRegularFile() {
            return true;
        }

        @Override
        public boolean isDirectory() {
            return false;
        }

        @Override
        public boolean isSymbolicLink() {
            return false;
        }

        @Override
        public boolean isOther() {
            return false;
        }
    }

    @Test
    void handsARecordOutOnlyForTheSameFileKeySizeAndModificationTime() {
        RecentRecords recent = new RecentRecords(Duration.ofSeconds(2));
        recent.remember("a.txt", new Attributes("inode-1", 4, LONG_AGO), RECORD);
        assertEquals(RECORD, recent.get("a.txt", new Attributes("inode-1", 4, LONG_AGO)));
        assertNull(recent.get("b.txt", new Attributes("inode-1", 4, LONG_AGO)));
        assertNull(recent.get("a.txt", new Attributes("inode-2", 4, LONG_AGO)));
        assertNull(recent.get("a.txt", new Attributes("inode-1", 5, LONG_AGO)));
        assertNull(recent.get("a.txt", new Attributes("inode-1", 4, LONG_AGO.plusNanos(1))));
    }

    @Test
    void remembersNoRecordOfAFileModifiedLately() {
        RecentRecords recent = new RecentRecords(Duration.ofSeconds(2));
        Attributes fresh = new Attributes("inode-1", 4, Instant.now().minusMillis(500));
        recent.remember("a.txt", fresh, RECORD);
        assertNull(recent.get("a.txt", fresh));
        Attributes keyless = new Attributes(null, 4, LONG_AGO);
        recent.remember("a.txt", keyless, RECORD);
        assertNull(recent.get("a.txt", keyless));
    }

    @Test
    void forgetsEverythingOnceFull() {
        RecentRecords recent = new RecentRecords(Duration.ofSeconds(2));
        Attributes settled = new Attributes("inode", 4, LONG_AGO);
        for (int i = 0; i < RecentRecords.MAX_RECORDS; i++) {
            recent.remember("f" + i, settled, RECORD);
        }
        assertEquals(RECORD, recent.get("f0", settled));
        recent.remember("one-more", settled, RECORD);
        assertNull(recent.get("f0", settled));
        assertEquals(RECORD, recent.get("one-more", settled));
    }
}
