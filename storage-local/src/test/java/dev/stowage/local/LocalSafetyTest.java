package dev.stowage.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.AlreadyExistsException;
import dev.stowage.api.ChunkSink;
import dev.stowage.api.NameRejectedException;
import dev.stowage.api.NotFoundException;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.StorageException;
import dev.stowage.api.StoredFile;
import dev.stowage.api.spi.Sha256;
import dev.stowage.api.spi.UploadSigner;
import dev.stowage.testkit.HostileNames;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the local disk can get wrong: links, the hidden folder, staging left by crashes, stale metadata. */
class LocalSafetyTest {
    @TempDir
    Path work;

    private static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Every file and folder under {@code folder}, relative to it. */
    private static Set<String> tree(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.map(p -> folder.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void neverReadsOrWritesThroughASymbolicLinkPlantedInside() throws IOException {
        Path outside = Files.createDirectories(work.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "top secret");
        try (LocalStorage storage = LocalStorage.open(work.resolve("uploads"))) {
            Files.createSymbolicLink(storage.root().resolve("evil"), outside);
            Files.createSymbolicLink(storage.root().resolve("evil.txt"), outside.resolve("secret.txt"));
            Set<String> before = tree(outside);
            for (String name : List.of("evil/secret.txt", "evil/new.txt", "evil/deeper/new.txt", "evil.txt")) {
                assertThrows(NameRejectedException.class, () -> storage.dir().save(name, bytes("x"),
                        SaveOptions.builder().overwrite(true).build()), name);
                assertThrows(NameRejectedException.class, () -> storage.dir().open(name), name);
                assertThrows(NameRejectedException.class, () -> storage.dir().stat(name), name);
                assertThrows(NameRejectedException.class, () -> storage.dir().delete(name), name);
                assertThrows(NameRejectedException.class, () -> storage.dir().chunkSink(name,
                        SaveOptions.defaults()), name);
            }
            storage.dir().save("fine.txt", bytes("ok"));
            assertThrows(NameRejectedException.class, () -> storage.dir().copy("fine.txt", "evil/copy.txt", true));
            assertThrows(NameRejectedException.class, () -> storage.dir().move("fine.txt", "evil/moved.txt", true));
            assertThrows(NameRejectedException.class, () -> storage.dir().move("evil.txt", "stolen.txt", true));
            assertEquals(before, tree(outside));
            assertEquals("top secret", Files.readString(outside.resolve("secret.txt")));
            assertEquals(List.of("fine.txt"), storage.dir().list("").map(StoredFile::name).toList());
        }
    }

    @Test
    void hostileNamesTouchNothingOutsideTheDirectory() throws IOException {
        Path uploads = work.resolve("a/b/uploads");
        try (LocalStorage storage = LocalStorage.open(uploads)) {
            Set<String> before = tree(work);
            for (String name : HostileNames.rejected()) {
                assertThrows(NameRejectedException.class, () -> storage.dir().save(name, bytes("x"),
                        SaveOptions.builder().overwrite(true).build()), name);
            }
            assertEquals(before, tree(work));
        }
    }

    @Test
    void keepsStagingAndMetadataHiddenAndOutOfListings() throws IOException {
        try (LocalStorage storage = LocalStorage.open(work.resolve("uploads"))) {
            storage.dir().save("a.txt", bytes("a"));
            assertTrue(Files.isDirectory(storage.root().resolve(".stowage/meta")));
            assertEquals(List.of("a.txt"), storage.dir().list("").map(StoredFile::name).toList());
            assertThrows(NameRejectedException.class, () -> storage.dir().open(".stowage/signing-key"));
            assertThrows(NameRejectedException.class, () -> storage.dir().stat(".stowage/meta/a.txt"));
        }
    }

    @Test
    void leavesNoStagingBehindAfterFailures() throws IOException {
        try (LocalStorage storage = LocalStorage.open(work.resolve("uploads"))) {
            assertThrows(StorageException.class, () -> storage.dir().save("x.bin", bytes("12345"),
                    SaveOptions.builder().maxSize(3).build()));
            assertThrows(StorageException.class, () -> storage.dir().save("x.bin", bytes("12345"),
                    SaveOptions.builder().expectedSha256("00".repeat(32)).build()));
            ChunkSink sink = storage.dir().chunkSink("y.bin", SaveOptions.defaults());
            sink.write(0, bytes("partial"));
            sink.abort();
            storage.dir().save("z.bin", bytes("z"));
            assertThrows(AlreadyExistsException.class, () -> storage.dir().save("z.bin", bytes("again")));
            assertEquals(Set.of(".lock"), stagingFiles(storage.root()));
        }
    }

    private static Set<String> stagingFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root.resolve(".stowage/staging"))) {
            return walk.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void reclaimsStagingOfAProcessThatDiedMidSaveAndResumesItsChunkedUpload() throws Exception {
        Path uploads = work.resolve("uploads");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingUploader.class.getName(), uploads.toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(CrashingUploader.EXIT_CODE, child.exitValue(), output);
        assertFalse(stagingFiles(uploads).stream().filter(f -> !f.equals(".lock")).toList().isEmpty(),
                "the crashed save left staging data to reclaim");
        String uploadId = output.lines().filter(l -> l.startsWith(CrashingUploader.ID_LINE)).findFirst()
                .orElseThrow(() -> new AssertionError(output)).substring(CrashingUploader.ID_LINE.length());

        try (LocalStorage other = LocalStorage.open(uploads); LocalStorage reopened = LocalStorage.open(uploads)) {
            assertEquals(1, other.reclaimedOnOpen());
            assertEquals(0, reopened.reclaimedOnOpen(), "a live instance's staging must not be reclaimed");
            assertFalse(reopened.dir().exists("crashed.bin"));
            assertFalse(reopened.dir().exists("stalled.bin"));
            assertEquals(Set.of(".lock"), stagingFiles(uploads));
            assertEquals("kept", new String(reopened.dir().open("kept.txt").readAllBytes(), StandardCharsets.UTF_8));

            byte[] data = CrashingUploader.data();
            try (ChunkSink resumed = reopened.dir().resumeChunkSink(uploadId)) {
                assertEquals(CrashingUploader.SIZE / 2, resumed.bytesReceived(), "what the dead process wrote is kept");
                resumed.write(CrashingUploader.SIZE / 2, new ByteArrayInputStream(data,
                        CrashingUploader.SIZE / 2, CrashingUploader.SIZE / 2));
                resumed.complete();
            }
            assertArrayEquals(data, reopened.dir().open("crashed.bin").readAllBytes());
            assertEquals(List.of(), listFolder(uploads.resolve(".stowage/uploads")), "the finished upload is gone");
        }
    }

    @Test
    void anUploadWhoseCommitWasCutShortIsNeverResumedNorCommittedTwice() throws Exception {
        Path uploads = work.resolve("cut");
        byte[] data = "whole and committed".getBytes(StandardCharsets.UTF_8);
        try (LocalStorage storage = LocalStorage.open(uploads)) {
            // A process died after moving the data file into place, before removing the upload's folder.
            ChunkSink moved = storage.dir().chunkSink("moved.txt", SaveOptions.defaults());
            moved.write(0, new ByteArrayInputStream(data));
            moved.suspend();
            Files.move(uploads.resolve(".stowage/uploads/" + moved.uploadId() + "/data"), work.resolve("elsewhere"));
            assertThrows(NotFoundException.class, () -> storage.dir().resumeChunkSink(moved.uploadId()),
                    "an upload without its data was committed: resuming it must not start again from nothing");

            // A process died after linking the data file in as the new name, before unlinking it.
            ChunkSink linked = storage.dir().chunkSink("linked.txt", SaveOptions.defaults());
            linked.write(0, new ByteArrayInputStream(data));
            linked.suspend();
            Files.createLink(uploads.resolve("linked.txt"),
                    uploads.resolve(".stowage/uploads/" + linked.uploadId() + "/data"));
            try (ChunkSink resumed = storage.dir().resumeChunkSink(linked.uploadId())) {
                assertEquals(data.length, resumed.complete().size(), "completing again finds its own link in place");
            }
            assertArrayEquals(data, storage.dir().open("linked.txt").readAllBytes());
            assertEquals(List.of(), listFolder(uploads.resolve(".stowage/uploads")).stream()
                    .filter(id -> !id.equals(moved.uploadId())).toList());
        }
    }

    @Test
    void unfinishedUploadsOlderThanTheTtlAreRemovedWhenTheDirectoryOpens() throws Exception {
        Path uploads = work.resolve("ttl");
        String uploadId;
        try (LocalStorage storage = LocalStorage.open(uploads)) {
            ChunkSink sink = storage.dir().chunkSink("left.bin", SaveOptions.defaults());
            sink.write(0, new ByteArrayInputStream(new byte[1000]));
            sink.suspend();
            uploadId = sink.uploadId();
        }
        try (LocalStorage storage = LocalStorage.builder(uploads).open()) {
            storage.dir().resumeChunkSink(uploadId).suspend(); // younger than the default 24 hours: kept
        }
        Thread.sleep(20);
        try (LocalStorage storage = LocalStorage.builder(uploads).unfinishedUploadTtl(Duration.ZERO).open()) {
            assertThrows(NotFoundException.class, () -> storage.dir().resumeChunkSink(uploadId));
            assertEquals(List.of(), listFolder(uploads.resolve(".stowage/uploads")));
        }
    }

    private static List<String> listFolder(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void rebuildsMetadataForFilesPutThereByHandOrLeftStaleByACrash() throws Exception {
        try (LocalStorage storage = LocalStorage.open(work.resolve("uploads"))) {
            Files.createDirectories(storage.root().resolve("hand"));
            Files.writeString(storage.root().resolve("hand/made.json"), "{\"a\":1}");
            StoredFile made = storage.dir().stat("hand/made.json");
            assertEquals("application/json", made.contentType());
            assertEquals(sha256("{\"a\":1}"), made.sha256());
            assertEquals(7, made.size());

            storage.dir().save("doc.txt", bytes("old contents"), SaveOptions.builder().originalFilename("d.txt")
                    .build());
            // A crash between the data rename and the metadata rename leaves new bytes beside the old record.
            Path replacement = work.resolve("replacement");
            Files.writeString(replacement, "new contents!");
            Files.setLastModifiedTime(replacement, FileTime.fromMillis(0));
            Files.move(replacement, storage.root().resolve("doc.txt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            StoredFile rebuilt = storage.dir().stat("doc.txt");
            assertEquals(sha256("new contents!"), rebuilt.sha256());
            assertEquals(13, rebuilt.size());
            assertArrayEquals("new contents!".getBytes(StandardCharsets.UTF_8),
                    storage.dir().open("doc.txt").readAllBytes());
        }
    }

    @Test
    void explainsWhenAFileIsInTheWayOfAFolder() {
        try (LocalStorage storage = LocalStorage.open(work.resolve("uploads"))) {
            storage.dir().save("a", bytes("file"));
            AlreadyExistsException error = assertThrows(AlreadyExistsException.class,
                    () -> storage.dir().save("a/b", bytes("x")));
            assertTrue(error.getMessage().contains("'a' is a stored file"), error.getMessage());
            storage.dir().save("c/d", bytes("x"));
            assertThrows(AlreadyExistsException.class, () -> storage.dir().save("c", bytes("x"),
                    SaveOptions.builder().overwrite(true).build()));
        }
    }

    @Test
    void keepsItsSigningKeyAcrossRestartsReadableOnlyByItsOwner() throws IOException {
        Path uploads = work.resolve("uploads");
        String first;
        try (LocalStorage storage = LocalStorage.open(uploads)) {
            first = storage.urls().presignDownload("a.txt", java.time.Duration.ofMinutes(5), "a.txt").toString();
        }
        Path key = uploads.resolve(".stowage/signing-key");
        assertTrue(Files.exists(key));
        if (Files.getFileStore(key).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(key)));
        }
        try (LocalStorage reopened = LocalStorage.open(uploads)) {
            assertTrue(reopened.urls().presignDownload("a.txt", java.time.Duration.ofMinutes(5), "a.txt").toString()
                    .contains("X-Stowage-Signature="));
            java.net.URI url = java.net.URI.create(first);
            UploadSigner reloaded = UploadSigner.fromKeyFile(key);
            assertEquals("a.txt", reloaded.verifyDownload("a.txt", UploadSigner.parseQuery(url.getRawQuery()),
                    java.time.Instant.now()).filename());
        }
    }

    private static String sha256(String text) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        return Sha256.hex(digest);
    }
}
