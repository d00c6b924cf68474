package dev.stowage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.ChunkSink;
import dev.stowage.api.IntegrityMismatchException;
import dev.stowage.api.NameRejectedException;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.StoredFile;
import dev.stowage.api.spi.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the contract suite's small files do not reach: saves and chunked uploads of several 5 MiB parts (with
 * chunks out of order, repeated after their part went up, of unknown total size), multipart copies, and that
 * no multipart upload or staging object is left behind by a completed, failed or cancelled upload. The
 * subclass names the server.
 */
abstract class MultipartBehaviour {
    private static final int MIB = 1024 * 1024;
    private final List<S3Storage> opened = new ArrayList<>();

    /** The server's endpoint. */
    abstract String endpoint();

    private S3Storage open(S3Storage.Builder builder) {
        S3Storage storage = builder.open();
        opened.add(storage);
        return storage;
    }

    @AfterEach
    void close() {
        opened.forEach(S3Storage::close);
    }

    @Test
    void savesAStreamOfSeveralPartsAndLeavesNothingElse() throws IOException {
        S3Storage storage = open(S3TestStorage.on(endpoint()));
        byte[] data = bytes(12 * MIB + 17, 1);
        StoredFile saved = storage.dir().save("big.bin", new ByteArrayInputStream(data),
                SaveOptions.builder().originalFilename("grüße.bin").build());
        assertEquals(sha256(data), saved.sha256());
        assertEquals(saved, storage.dir().stat("big.bin"));
        assertArrayEquals(data, storage.dir().open("big.bin").readAllBytes());
        assertNothingLeft(storage, 1);
    }

    @Test
    void aSaveUpToTheSinglePutLimitGoesUpAsOnePutObjectAndOneByteMoreInParts() throws IOException {
        S3Storage storage = open(S3TestStorage.on(endpoint()).singlePutLimit(11 * MIB + 3));
        byte[] whole = bytes(11 * MIB + 3, 8);
        byte[] more = bytes(11 * MIB + 4, 9);
        StoredFile saved = storage.dir().save("one.bin", new ByteArrayInputStream(whole),
                SaveOptions.builder().contentType("video/mp4").originalFilename("één.mp4").build());
        storage.dir().save("parts.bin", new ByteArrayInputStream(more), SaveOptions.defaults());
        var one = storage.client().headObject(b -> b.bucket(storage.bucket()).key("one.bin"));
        var parts = storage.client().headObject(b -> b.bucket(storage.bucket()).key("parts.bin"));
        assertFalse(one.eTag().contains("-"), "one PutObject made it, not a multipart upload: " + one.eTag());
        assertTrue(parts.eTag().endsWith("-3\""), "a multipart upload of 3 parts made it: " + parts.eTag());
        assertEquals(sha256(whole), saved.sha256());
        assertEquals(saved, storage.dir().stat("one.bin"));
        assertArrayEquals(whole, storage.dir().open("one.bin").readAllBytes());
        assertEquals(sha256(more), storage.dir().stat("parts.bin").sha256());
        assertNothingLeft(storage, 2);
    }

    @Test
    void aSaveOfSeveralPartsGoesStraightToItsNameWithItsMetadata() throws IOException {
        S3Storage storage = open(S3TestStorage.on(endpoint()));
        byte[] data = bytes(11 * MIB + 3, 7);
        StoredFile saved = storage.dir().save("straight.bin", new ByteArrayInputStream(data),
                SaveOptions.builder().contentType("video/mp4").build());
        var head = storage.client().headObject(b -> b.bucket(storage.bucket()).key("straight.bin"));
        assertTrue(head.eTag().endsWith("-3\""), "one multipart upload of 3 parts made it, not a copy: " + head.eTag());
        assertEquals("video/mp4", head.contentType());
        assertEquals(sha256(data), head.metadata().get(ObjectMetadata.SHA256));
        assertEquals(saved, storage.dir().stat("straight.bin"));
        assertArrayEquals(data, storage.dir().open("straight.bin").readAllBytes());
        assertNothingLeft(storage, 1);
    }

    @Test
    void aCreateOnceSaveOfSeveralPartsLosesToAFileMadeWhileItWasSentAndLeavesNothing() throws IOException {
        S3Storage storage = open(S3TestStorage.on(endpoint()));
        byte[] theirs = bytes(100, 8);
        InputStream racedAtItsEnd = new java.io.SequenceInputStream(new ByteArrayInputStream(bytes(11 * MIB, 9)),
                new InputStream() {
                    @Override
                    public int read() {
                        // another writer creates the file after this save checked the name was free
                        storage.client().putObject(b -> b.bucket(storage.bucket()).key("raced.bin"),
                                software.amazon.awssdk.core.sync.RequestBody.fromBytes(theirs));
                        return -1;
                    }
                });
        assertThrows(dev.stowage.api.AlreadyExistsException.class,
                () -> storage.dir().save("raced.bin", racedAtItsEnd, SaveOptions.defaults()));
        assertArrayEquals(theirs, storage.dir().open("raced.bin").readAllBytes());
        assertNothingLeft(storage, 1);
    }

    @Test
    void aSaveThatBreaksOffAfterSomePartsLeavesNothing() {
        S3Storage storage = open(S3TestStorage.on(endpoint()));
        InputStream breaking = new java.io.SequenceInputStream(new ByteArrayInputStream(bytes(11 * MIB, 2)),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("connection reset");
                    }
                });
        assertThrows(RuntimeException.class, () -> storage.dir().save("broken.bin", breaking));
        assertFalse(storage.dir().exists("broken.bin"));
        assertNothingLeft(storage, 0);
    }

    @Test
    void takesShuffledAndRepeatedChunksAcrossParts() throws IOException {
        S3Storage storage = open(S3TestStorage.on(endpoint()));
        byte[] data = bytes(16 * MIB + 3, 3);
        List<Integer> offsets = new ArrayList<>();
        for (int offset = 0; offset < data.length; offset += MIB) {
            offsets.add(offset);
        }
        Collections.shuffle(offsets, new Random(3));
        try (ChunkSink sink = storage.dir().chunkSink("chunked.bin", SaveOptions.builder()
                .expectedSize(data.length).build())) {
            for (int offset : offsets) {
                sink.write(offset, chunk(data, offset, MIB));
            }
            sink.write(0, chunk(data, 0, 2 * MIB));
            sink.write(6 * MIB - 10, chunk(data, 6 * MIB - 10, 20));
            assertEquals(sha256(data), sink.complete().sha256());
        }
        assertArrayEquals(data, storage.dir().open("chunked.bin").readAllBytes());
        assertNothingLeft(storage, 1);
    }

    @Test
    void hashesChunksSentInOrderAcrossPartsAndRefusesAWrongSha256() throws IOException {
        S3Storage storage = open(S3TestStorage.on(endpoint()));
        byte[] data = bytes(11 * MIB + 9, 8);
        try (ChunkSink wrong = inOrder(storage, data, sha256(new byte[1]))) {
            assertThrows(IntegrityMismatchException.class, wrong::complete);
        }
        assertNothingLeft(storage, 0);
        try (ChunkSink right = inOrder(storage, data, sha256(data))) {
            assertEquals(sha256(data), right.complete().sha256());
        }
        assertArrayEquals(data, storage.dir().open("in-order.bin").readAllBytes());
        assertNothingLeft(storage, 1);
    }

    /** A sink that received all of {@code data} in order, in chunks of 3 MiB, expecting {@code sha256}. */
    private static ChunkSink inOrder(S3Storage storage, byte[] data, String sha256) {
        ChunkSink sink = storage.dir().chunkSink("in-order.bin", SaveOptions.builder().expectedSize(data.length)
                .expectedSha256(sha256).build());
        for (int offset = 0; offset < data.length; offset += 3 * MIB) {
            sink.write(offset, chunk(data, offset, 3 * MIB));
        }
        return sink;
    }

    @Test
    void takesChunksOfUnknownTotalSizeAcrossParts() throws IOException {
        S3Storage storage = open(S3TestStorage.on(endpoint()));
        byte[] data = bytes(11 * MIB + 5, 4);
        try (ChunkSink sink = storage.dir().chunkSink("unsized.bin", SaveOptions.defaults())) {
            for (int offset = data.length / (3 * MIB) * (3 * MIB); offset >= 0; offset -= 3 * MIB) {
                sink.write(offset, chunk(data, offset, 3 * MIB));
            }
            assertEquals(data.length, sink.complete().size());
        }
        assertArrayEquals(data, storage.dir().open("unsized.bin").readAllBytes());
        assertNothingLeft(storage, 1);
    }

    @Test
    void aCancelledChunkedUploadAbortsItsMultipartUpload() {
        S3Storage storage = open(S3TestStorage.on(endpoint()));
        byte[] data = bytes(20 * MIB, 5);
        ChunkSink sink = storage.dir().chunkSink("cancelled.bin", SaveOptions.builder().expectedSize(data.length)
                .build());
        sink.write(0, chunk(data, 0, 11 * MIB));
        assertEquals(1, uploadsInProgress(storage), "parts went up before the cancel");
        sink.abort();
        assertFalse(storage.dir().exists("cancelled.bin"));
        assertNothingLeft(storage, 0);
    }

    @Test
    void closingTheBackendAbortsItsUnfinishedChunkedUploads() {
        S3Storage storage = S3TestStorage.on(endpoint()).open();
        ChunkSink sink = storage.dir().chunkSink("unfinished.bin", SaveOptions.builder().expectedSize(20 * MIB)
                .build());
        sink.write(0, chunk(bytes(11 * MIB, 7), 0, 11 * MIB));
        storage.close();
        S3Storage after = open(S3TestStorage.on(endpoint(), storage.bucket()));
        assertNothingLeft(after, 0);
    }

    @Test
    void copiesLargeObjectsInParts() throws IOException {
        S3Storage storage = open(S3TestStorage.on(endpoint()).singleCopyLimit(6 * MIB));
        byte[] data = bytes(13 * MIB, 6);
        StoredFile saved = storage.dir().save("source.bin", new ByteArrayInputStream(data),
                SaveOptions.builder().contentType("video/mp4").build());
        assertEquals(saved.withName("copy.bin"), storage.dir().copy("source.bin", "copy.bin", false));
        assertEquals(saved.withName("copy.bin"), storage.dir().stat("copy.bin"));
        assertArrayEquals(data, storage.dir().open("copy.bin").readAllBytes());
        assertThrows(dev.stowage.api.AlreadyExistsException.class,
                () -> storage.dir().copy("source.bin", "copy.bin", false));
        assertNothingLeft(storage, 2);
    }

    @Test
    void abortsIncompleteUploadsLeftByACrashedProcess() {
        S3Storage storage = open(S3TestStorage.on(endpoint()).prefix("app/"));
        storage.client().createMultipartUpload(b -> b.bucket(storage.bucket()).key("app/orphan.bin"));
        storage.client().createMultipartUpload(b -> b.bucket(storage.bucket()).key("elsewhere.bin"));
        assertEquals(2, uploadsInProgress(storage));
        assertEquals(0, storage.dir().abortUnfinishedUploads(Duration.ofHours(1)));
        S3Storage aMinuteLater = open(S3TestStorage.on(endpoint(), storage.bucket()).prefix("app/")
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1))));
        assertEquals(1, aMinuteLater.dir().abortUnfinishedUploads(Duration.ZERO));
        assertEquals(List.of("elsewhere.bin"), storage.client().listMultipartUploads(b -> b.bucket(storage.bucket()))
                .uploads().stream().map(upload -> upload.key()).toList(), "uploads outside the prefix are kept");
    }

    @Test
    void keepsFilesUnderItsPrefixAndRefusesNamesTooLongForIt() throws IOException {
        S3Storage storage = open(S3TestStorage.on(endpoint()).prefix("tenant-1/"));
        storage.dir().save("a/b.txt", new ByteArrayInputStream(new byte[] {7}));
        assertEquals(List.of("tenant-1/a/b.txt"), storage.client().listObjectsV2(b -> b.bucket(storage.bucket()))
                .contents().stream().map(o -> o.key()).toList());
        assertArrayEquals(new byte[] {7}, storage.dir().open("a/b.txt").readAllBytes());
        NameRejectedException error = assertThrows(NameRejectedException.class,
                () -> storage.dir().save(String.join("/", Collections.nCopies(5, "x".repeat(203))),
                        new ByteArrayInputStream(new byte[1])));
        assertTrue(error.getMessage().contains("tenant-1/"), error.getMessage());
    }

    /** No multipart upload in progress, no staging object, and exactly {@code files} objects in the bucket. */
    static void assertNothingLeft(S3Storage storage, int files) {
        assertEquals(0, uploadsInProgress(storage), "multipart uploads left");
        assertEquals(files, storage.client().listObjectsV2(b -> b.bucket(storage.bucket())).contents().size(),
                "objects in the bucket");
    }

    static int uploadsInProgress(S3Storage storage) {
        return storage.client().listMultipartUploads(b -> b.bucket(storage.bucket())).uploads().size();
    }

    static InputStream chunk(byte[] data, int offset, int length) {
        return new ByteArrayInputStream(Arrays.copyOfRange(data, offset, Math.min(data.length, offset + length)));
    }

    static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static String sha256(byte[] data) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(data);
        return Sha256.hex(digest);
    }
}
