package dev.stowage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.stowage.api.ChunkSink;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.StoredFile;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunked upload's SHA-256 is that of the bytes it stores, however its chunks arrived: in order across handles
 * (hashed on arrival), sent again with other bytes, out of order, or written meanwhile by another storage on the
 * same folder.
 */
class ChunkHashingTest {
    private static final int CHUNK = 300_000;

    @TempDir
    Path work;

    /** Resumes {@code uploadId} in {@code storage}, writes {@code bytes} at {@code offset} and suspends it. */
    private static void writeSuspended(LocalStorage storage, String uploadId, long offset, byte[] bytes) {
        ChunkSink sink = storage.dir().resumeChunkSink(uploadId);
        sink.write(offset, new ByteArrayInputStream(bytes));
        sink.suspend();
    }

    private static StoredFile complete(LocalStorage storage, String uploadId) {
        return storage.dir().resumeChunkSink(uploadId).complete();
    }

    private static String start(LocalStorage storage, long size) {
        ChunkSink sink = storage.dir().chunkSink("file.bin", SaveOptions.builder().expectedSize(size).build());
        sink.suspend();
        return sink.uploadId();
    }

    @Test
    void chunksInOrderAcrossHandlesHashAsTheWholeFile() {
        byte[][] chunks = {TestBytes.random(CHUNK, 1), TestBytes.random(CHUNK, 2), TestBytes.random(CHUNK / 3, 3)};
        try (LocalStorage storage = LocalStorage.open(work.resolve("uploads"))) {
            String uploadId = start(storage, 2L * CHUNK + CHUNK / 3);
            long offset = 0;
            for (byte[] chunk : chunks) {
                writeSuspended(storage, uploadId, offset, chunk);
                offset += chunk.length;
            }
            StoredFile file = complete(storage, uploadId);
            assertEquals(TestBytes.sha256(chunks), file.sha256());
            assertEquals(TestBytes.sha256(chunks), storage.dir().stat("file.bin").sha256());
        }
    }

    @Test
    void aChunkSentAgainWithOtherBytesIsHashedAsStored() {
        byte[] first = TestBytes.random(CHUNK, 1);
        byte[] second = TestBytes.random(CHUNK, 2);
        byte[] firstAgain = TestBytes.random(CHUNK, 3);
        try (LocalStorage storage = LocalStorage.open(work.resolve("uploads"))) {
            String uploadId = start(storage, 2L * CHUNK);
            writeSuspended(storage, uploadId, 0, first);
            writeSuspended(storage, uploadId, CHUNK, second);
            writeSuspended(storage, uploadId, 0, firstAgain);
            assertEquals(TestBytes.sha256(firstAgain, second), complete(storage, uploadId).sha256());
        }
    }

    @Test
    void chunksOutOfOrderAndOverlappingAreHashedAsStored() {
        byte[] whole = TestBytes.random(3 * CHUNK, 4);
        try (LocalStorage storage = LocalStorage.open(work.resolve("uploads"))) {
            String uploadId = start(storage, whole.length);
            writeSuspended(storage, uploadId, 2L * CHUNK, Arrays.copyOfRange(whole, 2 * CHUNK, 3 * CHUNK));
            writeSuspended(storage, uploadId, 0, Arrays.copyOfRange(whole, 0, CHUNK + 10));
            writeSuspended(storage, uploadId, CHUNK, Arrays.copyOfRange(whole, CHUNK, 2 * CHUNK + 5));
            assertEquals(TestBytes.sha256(whole), complete(storage, uploadId).sha256());
        }
    }

    @Test
    void bytesAnotherStorageOnTheFolderWroteMeanwhileAreHashedAsStored() {
        byte[] first = TestBytes.random(CHUNK, 1);
        byte[] firstElsewhere = TestBytes.random(CHUNK, 5);
        byte[] second = TestBytes.random(CHUNK, 2);
        Path root = work.resolve("uploads");
        try (LocalStorage here = LocalStorage.open(root); LocalStorage elsewhere = LocalStorage.open(root)) {
            String uploadId = start(here, 2L * CHUNK);
            writeSuspended(here, uploadId, 0, first);
            writeSuspended(elsewhere, uploadId, 0, firstElsewhere);
            writeSuspended(here, uploadId, CHUNK, second);
            assertEquals(TestBytes.sha256(firstElsewhere, second), complete(here, uploadId).sha256());
        }
    }

    @Test
    void aDigestIsContinuedOnlyByAChunkStartingWhereItEndsWithNoOtherWriteUnderWay() {
        ArrivalDigest digest = ArrivalDigest.empty();
        MessageDigest first = digest.begin(0);
        assertNotNull(first);
        digest.end(first, 0, 10, true);
        assertNull(digest.begin(20), "a chunk after a gap is not hashed on arrival");
        digest.end(null, 20, 10, true);
        assertEquals(10, digest.hashedUntil());

        MessageDigest second = digest.begin(10);
        assertSame(first, second);
        assertNull(digest.begin(30), "a second write while one is hashed");
        digest.end(null, 30, 5, true);
        digest.end(second, 10, 10, true);
        assertNull(digest.digest(), "the second write may have changed bytes being hashed");
        assertEquals(0, digest.hashedUntil());
    }

    @Test
    void aFailedOrRewritingChunkMakesTheDigestUnknown() {
        ArrivalDigest failed = ArrivalDigest.empty();
        failed.end(failed.begin(0), 0, 7, false);
        assertNull(failed.digest());

        ArrivalDigest rewritten = ArrivalDigest.empty();
        rewritten.end(rewritten.begin(0), 0, 100, true);
        assertNull(rewritten.begin(99));
        assertNull(rewritten.digest());
    }

    @Test
    void aKeptDigestIsTakenOnlyWhileTheJournalIsUnchanged() {
        ArrivalDigests kept = new ArrivalDigests();
        ArrivalDigest digest = ArrivalDigest.empty();
        digest.end(digest.begin(0), 0, 10, true);
        kept.keep("upload", digest, 8);
        assertSame(digest, kept.take("upload", 8));
        assertNull(kept.take("upload", 8).digest(), "taken once");
        kept.keep("upload", digest, 8);
        assertNull(kept.take("upload", 16).digest(), "another handle wrote meanwhile");
        assertEquals(0, kept.take("other", 0).hashedUntil());
        assertNotNull(kept.take("other", 0).digest(), "nothing arrived yet: hashed from the start");
    }
}
