package dev.stowage.s3;

import static dev.stowage.s3.MultipartBehaviour.assertNothingLeft;
import static dev.stowage.s3.MultipartBehaviour.bytes;
import static dev.stowage.s3.MultipartBehaviour.chunk;
import static dev.stowage.s3.MultipartBehaviour.sha256;
import static dev.stowage.s3.MultipartBehaviour.uploadsInProgress;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stowage.api.ChunkSink;
import dev.stowage.api.IntegrityMismatchException;
import dev.stowage.api.NotFoundException;
import dev.stowage.api.SaveOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resumable chunked uploads on S3 with parts of 5 MiB: what a suspended upload keeps in the bucket (its parts,
 * its state and the in-order tail of the part still missing bytes) and on disk (nothing), that a second instance
 * takes it up, that out-of-order bytes wait on disk in their part's slot only, and that completion, failure,
 * abort and the clean-up call leave nothing behind. The subclass names the server.
 */
abstract class ResumableUploadBehaviour {
    private static final int MIB = 1024 * 1024;
    private final List<S3Storage> opened = new ArrayList<>();

    @TempDir
    Path spool;

    /** The server's endpoint. */
    abstract String endpoint();

    private S3Storage open(S3Storage.Builder builder) {
        S3Storage storage = builder.spoolDir(spool).open();
        opened.add(storage);
        return storage;
    }

    @AfterEach
    void close() {
        opened.forEach(S3Storage::close);
    }

    /** Opens a sink for {@code data} and sends its first 7 MiB: part 1 goes up, 2 MiB of part 2 wait. */
    private static ChunkSink sevenMibOf(S3Storage storage, String name, byte[] data, String sha256) {
        ChunkSink sink = storage.dir().chunkSink(name, SaveOptions.builder().expectedSize(data.length)
                .expectedSha256(sha256).build());
        sink.write(0, chunk(data, 0, 7 * MIB));
        return sink;
    }

    @Test
    void aSuspendedUploadKeepsItsPartsAndInOrderTailInTheBucketAndASecondInstanceCompletesIt() throws IOException {
        S3Storage first = open(S3TestStorage.on(endpoint()));
        byte[] data = bytes(12 * MIB + 3, 11);
        ChunkSink sink = sevenMibOf(first, "resumed.bin", data, sha256(data));
        sink.write(11 * MIB, chunk(data, 11 * MIB, MIB)); // after a gap in part 3: dropped on suspend
        sink.suspend();
        assertEquals(List.of(), spoolFiles(), "a suspended upload keeps nothing on local disk");
        assertEquals(1, uploadsInProgress(first));
        String folder = ".stowage/uploads/" + sink.uploadId() + "/";
        assertEquals(List.of(folder + "state", folder + "tail-" + 5 * MIB), keys(first));
        assertEquals(List.of(), first.dir().list("").toList(), "the upload's objects are hidden from listings");

        S3Storage second = open(S3TestStorage.on(endpoint(), first.bucket()));
        try (ChunkSink resumed = second.dir().resumeChunkSink(sink.uploadId())) {
            assertEquals(7 * MIB, resumed.bytesReceived());
            resumed.write(7 * MIB, chunk(data, 7 * MIB, data.length));
            assertEquals(sha256(data), resumed.complete().sha256());
        }
        assertOnlyFileIs(second, "resumed.bin", data);
    }

    @Test
    void outOfOrderBytesWaitOnDiskInTheirPartsSlotOnly() throws IOException {
        S3Storage storage = open(S3TestStorage.on(endpoint()));
        byte[] data = bytes(40 * MIB, 12);
        try (ChunkSink sink = storage.dir().chunkSink("reversed.bin", SaveOptions.builder()
                .expectedSize(data.length).build())) {
            sink.write(38 * MIB, chunk(data, 38 * MIB, MIB));
            List<Path> waiting = spoolFiles();
            assertEquals(1, waiting.size(), "one spool file for the one part missing bytes");
            assertEquals(4 * MIB, Files.size(waiting.get(0)), "the chunk's offset inside its part, not the file");
            for (int offset = 39 * MIB; offset >= 0; offset -= MIB) {
                sink.write(offset, chunk(data, offset, MIB));
            }
            sink.complete();
        }
        assertOnlyFileIs(storage, "reversed.bin", data);
    }

    @Test
    void aResumedUploadThatFailsOrIsAbortedLeavesNothing() throws IOException {
        S3Storage storage = open(S3TestStorage.on(endpoint()));
        byte[] data = bytes(12 * MIB, 13);
        ChunkSink failing = sevenMibOf(storage, "failing.bin", data, sha256(new byte[1]));
        failing.suspend();
        ChunkSink aborted = sevenMibOf(storage, "aborted.bin", data, sha256(data));
        aborted.suspend();
        try (ChunkSink resumed = storage.dir().resumeChunkSink(failing.uploadId())) {
            resumed.write(7 * MIB, chunk(data, 7 * MIB, data.length));
            assertThrows(IntegrityMismatchException.class, resumed::complete);
        }
        storage.dir().resumeChunkSink(aborted.uploadId()).abort();
        for (String uploadId : List.of(failing.uploadId(), aborted.uploadId())) {
            assertThrows(NotFoundException.class, () -> storage.dir().resumeChunkSink(uploadId));
        }
        assertNothingLeft(storage, 0);
        assertEquals(List.of(), spoolFiles());
    }

    @Test
    void theCleanUpCallRemovesOldUnfinishedUploadsWithTheirPartsStateAndTails() {
        S3Storage storage = open(S3TestStorage.on(endpoint()).prefix("app/"));
        byte[] data = bytes(12 * MIB, 14);
        ChunkSink old = sevenMibOf(storage, "old.bin", data, sha256(data));
        old.suspend();
        assertEquals(0, storage.dir().abortUnfinishedUploads(Duration.ofHours(1)));

        S3Storage aMinuteLater = open(S3TestStorage.on(endpoint(), storage.bucket()).prefix("app/")
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1))));
        assertEquals(1, aMinuteLater.dir().abortUnfinishedUploads(Duration.ZERO));
        assertThrows(NotFoundException.class, () -> storage.dir().resumeChunkSink(old.uploadId()));
        assertNothingLeft(storage, 0);
    }

    /** {@code name} holds {@code data}, and nothing else is in the bucket or on disk. */
    private void assertOnlyFileIs(S3Storage storage, String name, byte[] data) throws IOException {
        assertArrayEquals(data, storage.dir().open(name).readAllBytes());
        assertNothingLeft(storage, 1);
        assertEquals(List.of(), spoolFiles());
    }

    private List<String> keys(S3Storage storage) {
        return storage.client().listObjectsV2(b -> b.bucket(storage.bucket())).contents().stream()
                .map(object -> object.key()).toList();
    }

    private List<Path> spoolFiles() throws IOException {
        try (Stream<Path> files = Files.walk(spool)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
