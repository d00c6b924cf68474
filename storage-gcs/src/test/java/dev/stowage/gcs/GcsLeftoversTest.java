package dev.stowage.gcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.storage.Blob;
import dev.stowage.api.ChunkSink;
import dev.stowage.api.IntegrityMismatchException;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.Storage;
import dev.stowage.api.StoredFile;
import dev.stowage.api.UploadCancelledException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is left behind: spool files go once their piece is sent or the upload ends, the hidden
 * {@code .stowage/uploads/} objects of a resumable upload are invisible to listings and gone once it
 * completes or is aborted, and a failed checksum leaves neither a file nor a data object. Looks at the bucket
 * with the client library directly.
 */
class GcsLeftoversTest {
    private static final int PIECE = ResumableSession.GRANULE;
    @RegisterExtension
    static final FakeGcsServer SERVER = new FakeGcsServer();
    private com.google.cloud.storage.Storage client;

    @TempDir
    Path workDir;
    private Storage storage;
    private String prefix;

    @BeforeEach
    void open() {
        client = SERVER.client();
        storage = new SmallPieceGcsFactory().open(workDir);
        prefix = "t-" + workDir.getFileName() + "/";
    }

    @AfterEach
    void close() throws Exception {
        storage.close();
        client.close();
    }

    @Test
    void aCompletedUploadLeavesOnlyItsFile() throws IOException {
        byte[] data = bytes(PIECE * 3 + 100, 1);
        try (ChunkSink sink = storage.dir().chunkSink("done.bin", SaveOptions.defaults())) {
            sink.write(PIECE * 2L, slice(data, PIECE * 2, data.length));
            assertTrue(spoolBytes() >= PIECE, "out-of-order bytes wait on disk");
            sink.write(0, slice(data, 0, PIECE * 2));
            assertTrue(spoolBytes() <= PIECE + 100, "pieces sent leave the spool: " + spoolBytes());
            sink.complete();
        }
        assertEquals(0, spoolBytes());
        assertEquals(List.of(prefix + "done.bin"), keys());
        assertArrayEquals(data, storage.dir().open("done.bin").readAllBytes());
    }

    @Test
    void aSaveOfSeveralPiecesWaitsWholeOnDiskThenGoesOnceToItsName() throws IOException {
        byte[] data = bytes(PIECE * 3 + 100, 5);
        List<String> keysAtTheEnd = new ArrayList<>();
        long[] spooledAtTheEnd = new long[1];
        InputStream watched = new java.io.SequenceInputStream(new ByteArrayInputStream(data), new InputStream() {
            @Override
            public int read() throws IOException {
                keysAtTheEnd.addAll(keys());
                spooledAtTheEnd[0] = spoolBytes();
                return -1;
            }
        });
        StoredFile saved = storage.dir().save("saved.bin", watched, SaveOptions.defaults());
        assertEquals(List.of(), keysAtTheEnd, "nothing was sent before the last byte arrived");
        assertTrue(spooledAtTheEnd[0] >= PIECE * 3L, "every whole piece waits on disk (the last bytes may still be"
                + " in the sink's read buffer): " + spooledAtTheEnd[0]);
        assertEquals(0, spoolBytes());
        assertEquals(List.of(prefix + "saved.bin"), keys());
        Blob blob = client.get(FakeGcsServer.BUCKET, prefix + "saved.bin");
        assertEquals(saved.sha256(), blob.getMetadata().get(FileMetadata.SHA256), "the SHA-256 went with the upload");
        assertArrayEquals(data, storage.dir().open("saved.bin").readAllBytes());
    }

    @Test
    void aSuspendedUploadIsHiddenAndAbortingOldUploadsRemovesIt() throws IOException {
        ChunkSink sink = storage.dir().chunkSink("later.bin", SaveOptions.defaults());
        sink.write(0, slice(bytes(PIECE * 2, 2), 0, PIECE * 2));
        sink.suspend();
        assertEquals(0, spoolBytes());
        assertTrue(keys().stream().allMatch(key -> key.startsWith(prefix + ".stowage/uploads/" + sink.uploadId())),
                keys().toString());
        assertTrue(!keys().isEmpty());
        assertEquals(0, storage.dir().list("").count(), "hidden from listings");
        assertEquals(1, storage.dir().abortUnfinishedUploads(java.time.Duration.ZERO));
        assertEquals(List.of(), keys());
    }

    @Test
    void aWrongChecksumLeavesNothing() throws IOException {
        byte[] data = bytes(PIECE * 2 + 7, 3);
        ChunkSink sink = storage.dir().chunkSink("bad.bin", SaveOptions.builder()
                .expectedSha256("0".repeat(64)).build());
        sink.write(0, slice(data, 0, data.length));
        sink.suspend();
        ChunkSink resumed = storage.dir().resumeChunkSink(sink.uploadId());
        assertThrows(IntegrityMismatchException.class, resumed::complete);
        assertEquals(0, spoolBytes());
        assertEquals(List.of(), keys());
    }

    @Test
    void closingTheBackendAbortsItsOpenUploads() throws IOException {
        ChunkSink sink = storage.dir().chunkSink("open.bin", SaveOptions.defaults());
        sink.write(0, slice(bytes(PIECE * 2, 4), 0, PIECE * 2));
        storage.close();
        assertThrows(UploadCancelledException.class, () -> sink.write(PIECE * 2L, slice(new byte[1], 0, 1)));
        assertEquals(0, spoolBytes());
        assertEquals(List.of(), keys());
        storage = new SmallPieceGcsFactory().open(workDir);
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (Blob blob : client.list(FakeGcsServer.BUCKET, com.google.cloud.storage.Storage.BlobListOption
                .prefix(prefix)).iterateAll()) {
            keys.add(blob.getName());
        }
        return keys;
    }

    private long spoolBytes() throws IOException {
        Path spool = workDir.resolve("spool");
        if (!Files.exists(spool)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(spool)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static ByteArrayInputStream slice(byte[] data, int from, int to) {
        return new ByteArrayInputStream(Arrays.copyOfRange(data, from, to));
    }

    private static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }
}
