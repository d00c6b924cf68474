package dev.stowage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stowage.api.SaveOptions;
import dev.stowage.api.StoredFile;
import dev.stowage.api.spi.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where metadata lives: in a user attribute of the data file where the file system allows, else in a sidecar. */
class LocalMetadataTest {
    @TempDir
    Path work;

    private Path uploads;

    @BeforeEach
    void needsUserAttributes() throws IOException {
        Path probe = Files.createFile(work.resolve("probe"));
        assumeTrue(MetadataStore.userAttributesWork(probe), "the file system of the test folder has no user attributes");
        Files.delete(probe);
        uploads = work.resolve("uploads");
    }

    private static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static SaveOptions named(String originalFilename) {
        return SaveOptions.builder().originalFilename(originalFilename).contentType("text/plain").build();
    }

    private static String sha256(String text) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        return Sha256.hex(digest);
    }

    private static List<Path> sidecars(LocalStorage storage) throws IOException {
        try (Stream<Path> walk = Files.walk(storage.root().resolve(".stowage/meta"))) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private static boolean hasAttribute(Path file) throws IOException {
        return Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .list().contains("stowage.metadata");
    }

    @Test
    void savesCopiesAndMovesCarryTheirMetadataInAnAttributeWithoutSidecars() throws IOException {
        try (LocalStorage storage = LocalStorage.open(uploads)) {
            storage.dir().save("a/one.txt", bytes("one"), named("One.TXT"));
            storage.dir().copy("a/one.txt", "b/two.txt", false);
            storage.dir().move("a/one.txt", "c/three.txt", false);
            try (var sink = storage.dir().chunkSink("d/four.txt", named("Four.TXT"))) {
                sink.write(0, bytes("four"));
                sink.complete();
            }
            assertEquals(List.of(), sidecars(storage));
            assertTrue(hasAttribute(storage.root().resolve("c/three.txt")));
            for (String name : List.of("b/two.txt", "c/three.txt")) {
                StoredFile file = storage.dir().stat(name);
                assertEquals("One.TXT", file.originalFilename());
                assertEquals("text/plain", file.contentType());
                assertEquals(sha256("one"), file.sha256());
            }
            assertEquals("Four.TXT", storage.dir().stat("d/four.txt").originalFilename());
        }
    }

    @Test
    void readsSidecarsWrittenWithoutAttributesAndReplacesThemOnTheNextSave() throws IOException {
        try (LocalStorage storage = LocalStorage.builder(uploads).sidecarMetadataOnly().open()) {
            storage.dir().save("old.txt", bytes("old"), named("Old.txt"));
            assertEquals(1, sidecars(storage).size());
            assertFalse(hasAttribute(storage.root().resolve("old.txt")));
        }
        try (LocalStorage storage = LocalStorage.open(uploads)) {
            assertEquals("Old.txt", storage.dir().stat("old.txt").originalFilename());
            storage.dir().save("old.txt", bytes("new"), SaveOptions.builder().overwrite(true).build());
            assertEquals(List.of(), sidecars(storage));
            StoredFile replaced = storage.dir().stat("old.txt");
            assertEquals(null, replaced.originalFilename());
            assertEquals(sha256("new"), replaced.sha256());
        }
    }

    @Test
    void readsAnAttributeRecordLongerThanTheUsualOneWhole() throws IOException {
        String longName = "m".repeat(2000) + ".txt"; // over the 1 KiB read in one call, within an attribute
        try (LocalStorage storage = LocalStorage.open(uploads)) {
            storage.dir().save("longer.txt", bytes("longer"), named(longName));
            assertTrue(hasAttribute(storage.root().resolve("longer.txt")));
            assertTrue(sidecars(storage).isEmpty());
            StoredFile file = storage.dir().stat("longer.txt");
            assertEquals(longName, file.originalFilename());
            assertEquals(sha256("longer"), file.sha256());
        }
    }

    @Test
    void keepsARecordTooBigForAnAttributeInASidecar() throws IOException {
        String longName = "n".repeat(64 * 1024) + ".txt";
        try (LocalStorage storage = LocalStorage.open(uploads)) {
            storage.dir().save("long.txt", bytes("long"), named(longName));
            assertEquals(1, sidecars(storage).size());
            assertEquals(longName, storage.dir().stat("long.txt").originalFilename());
        }
    }

    @Test
    void rebuildsARecordThatNoLongerMatchesTheFile() throws IOException {
        try (LocalStorage storage = LocalStorage.open(uploads)) {
            storage.dir().save("grown.txt", bytes("short"), named("Grown.txt"));
            Files.writeString(storage.root().resolve("grown.txt"), " and longer", StandardOpenOption.APPEND);
            StoredFile rebuilt = storage.dir().stat("grown.txt");
            assertEquals(sha256("short and longer"), rebuilt.sha256());
            assertEquals(16, rebuilt.size());
        }
    }

    @Test
    void doesNotBelieveASidecarLeftForAnotherFile() throws IOException {
        try (LocalStorage storage = LocalStorage.builder(uploads).sidecarMetadataOnly().open()) {
            storage.dir().save("doc.txt", bytes("old contents"), named("d.txt"));
            // A crash between the data rename and the sidecar's rename leaves new bytes beside the old record.
            Path replacement = work.resolve("replacement");
            Files.writeString(replacement, "new contents!");
            Files.move(replacement, storage.root().resolve("doc.txt"), StandardCopyOption.REPLACE_EXISTING);
            StoredFile rebuilt = storage.dir().stat("doc.txt");
            assertEquals(sha256("new contents!"), rebuilt.sha256());
            assertEquals(null, rebuilt.originalFilename());
        }
    }

    @Test
    void rebuildsTheRecordOfAFileChangedInPlaceToTheSameSize() throws IOException {
        for (boolean sidecarsOnly : List.of(false, true)) {
            LocalStorage.Builder builder = LocalStorage.builder(uploads.resolve("sidecars-" + sidecarsOnly));
            try (LocalStorage storage = (sidecarsOnly ? builder.sidecarMetadataOnly() : builder).open()) {
                storage.dir().save("same.txt", bytes("aaaa"), named("Same.txt"));
                Path file = storage.root().resolve("same.txt");
                FileTime saved = Files.getLastModifiedTime(file);
                Files.writeString(file, "bbbb", StandardOpenOption.WRITE); // same inode, same size
                Files.setLastModifiedTime(file, FileTime.from(saved.toInstant().plusSeconds(5)));
                StoredFile rebuilt = storage.dir().stat("same.txt");
                assertEquals(sha256("bbbb"), rebuilt.sha256(), "sidecars only: " + sidecarsOnly);
                assertEquals(null, rebuilt.originalFilename());
            }
        }
    }

    @Test
    void aRememberedRecordIsNotHandedOutForAnotherFileOfTheSameSizeAndTime() throws IOException {
        try (LocalStorage storage = LocalStorage.open(uploads)) {
            storage.dir().save("kept.txt", bytes("first"), named("Kept.txt"));
            Path file = storage.root().resolve("kept.txt");
            FileTime settled = FileTime.from(Instant.now().minusSeconds(3600));
            Files.setLastModifiedTime(file, settled); // old enough to be remembered; its record is rebuilt
            assertEquals(sha256("first"), storage.dir().stat("kept.txt").sha256());
            assertEquals(sha256("first"), storage.dir().stat("kept.txt").sha256());
            Path replacement = work.resolve("replacement");
            Files.writeString(replacement, "secnd");
            Files.setLastModifiedTime(replacement, settled);
            Files.move(replacement, file, StandardCopyOption.REPLACE_EXISTING);
            assertEquals(sha256("secnd"), storage.dir().stat("kept.txt").sha256());
        }
    }
}
