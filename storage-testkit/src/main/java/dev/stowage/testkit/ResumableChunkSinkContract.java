package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stowage.api.Capability;
import dev.stowage.api.ChunkSink;
import dev.stowage.api.NotFoundException;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.Storage;
import dev.stowage.api.StorageId;
import dev.stowage.api.StoredFile;
import dev.stowage.api.UploadCancelledException;
import dev.stowage.api.UploadInUseException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The contract of resumable chunked uploads every backend passes: a suspended upload is taken up again by
 * its id with the bytes that arrived in order, by this instance and (with
 * {@link Capability#RESUMABLE_UPLOADS}) by a second instance of the same backend; one handle at a time;
 * closing without suspending, aborting and expiry remove everything; unknown ids are not found.
 */
public abstract class ResumableChunkSinkContract extends StorageContract {

    /** The size of each part the tests send; a backend with a minimum part size may override. */
    protected int partSize() {
        return 300 * 1024;
    }

    private SaveOptions declared(byte[] data) {
        return SaveOptions.builder().expectedSize(data.length).contentType("application/pdf")
                .originalFilename("Bericht März.pdf").expectedSha256(sha256(data)).build();
    }

    private void send(ChunkSink sink, byte[] data, int from, int to) {
        assertEquals(to - from, sink.write(from, stream(Arrays.copyOfRange(data, from, to))));
    }

    @Test
    void aSuspendedUploadIsResumedWithWhatArrivedInOrder() {
        byte[] data = bytes(partSize() * 3 + 17, 41);
        ChunkSink first = dir().chunkSink("docs/report.pdf", declared(data));
        String uploadId = first.uploadId();
        assertTrue(StorageId.isWellFormed(uploadId), uploadId);
        send(first, data, 0, partSize() + 5);
        first.suspend();
        assertThrows(UploadCancelledException.class, () -> first.write(0, stream(new byte[1])),
                "a suspended handle takes no more calls");
        first.close(); // harmless: a suspended upload is not aborted by closing its old handle
        assertFalse(dir().exists("docs/report.pdf"), "nothing is visible before completion");

        StoredFile stored;
        try (ChunkSink second = dir().resumeChunkSink(uploadId)) {
            assertEquals("docs/report.pdf", second.name());
            assertEquals(uploadId, second.uploadId());
            assertEquals(partSize() + 5, second.bytesReceived());
            send(second, data, partSize() + 5, partSize() * 2 + 9);
            second.suspend();
        }
        try (ChunkSink third = dir().resumeChunkSink(uploadId)) {
            assertEquals(partSize() * 2 + 9, third.bytesReceived());
            send(third, data, partSize() * 2 + 9, data.length);
            stored = third.complete();
        }
        assertEquals(data.length, stored.size());
        assertEquals(sha256(data), stored.sha256());
        assertEquals("application/pdf", stored.contentType());
        assertEquals("Bericht März.pdf", stored.originalFilename());
        assertArrayEquals(data, read("docs/report.pdf"));
        assertThrows(NotFoundException.class, () -> dir().resumeChunkSink(uploadId), "a completed upload is gone");
    }

    @Test
    void aSecondInstanceOfTheBackendResumesTheUpload() throws Exception {
        assumeTrue(storage.capabilities().has(Capability.RESUMABLE_UPLOADS),
                "the backend keeps unfinished uploads in memory only");
        byte[] data = bytes(partSize() * 2 + 3, 42);
        ChunkSink first = dir().chunkSink("shared/upload.bin", declared(data));
        send(first, data, 0, partSize());
        first.suspend();
        try (Storage other = factory().reopen(workDir)) {
            try (ChunkSink resumed = other.dir().resumeChunkSink(first.uploadId())) {
                assertEquals(partSize(), resumed.bytesReceived());
                send(resumed, data, partSize(), data.length);
                resumed.complete();
            }
            assertArrayEquals(data, read("shared/upload.bin"));
        }
    }

    @Test
    void oneHandleAtATime() {
        byte[] data = bytes(partSize(), 43);
        try (ChunkSink open = dir().chunkSink("busy.bin", declared(data))) {
            send(open, data, 0, 1000);
            assertThrows(UploadInUseException.class, () -> dir().resumeChunkSink(open.uploadId()));
            send(open, data, 1000, data.length);
            open.complete();
        }
        assertArrayEquals(data, read("busy.bin"));
    }

    @Test
    void closingWithoutSuspendingAbortsAndAbortingRemovesAResumedUpload() {
        byte[] data = bytes(partSize(), 44);
        ChunkSink closed = dir().chunkSink("closed.bin", declared(data));
        send(closed, data, 0, 100);
        closed.close();
        assertThrows(NotFoundException.class, () -> dir().resumeChunkSink(closed.uploadId()));

        ChunkSink suspended = dir().chunkSink("aborted.bin", declared(data));
        send(suspended, data, 0, 100);
        suspended.suspend();
        dir().resumeChunkSink(suspended.uploadId()).abort();
        assertThrows(NotFoundException.class, () -> dir().resumeChunkSink(suspended.uploadId()));
        assertFalse(dir().exists("closed.bin") || dir().exists("aborted.bin"));
    }

    @Test
    void unfinishedUploadsOlderThanTheAgeAreAborted() throws Exception {
        byte[] data = bytes(partSize(), 45);
        ChunkSink old = dir().chunkSink("old.bin", declared(data));
        send(old, data, 0, 100);
        old.suspend();
        assertEquals(0, dir().abortUnfinishedUploads(Duration.ofHours(1)), "a young upload is kept");
        dir().resumeChunkSink(old.uploadId()).suspend();

        Thread.sleep(20); // so that the upload was opened strictly before "now minus zero"
        assertEquals(1, dir().abortUnfinishedUploads(Duration.ZERO));
        assertThrows(NotFoundException.class, () -> dir().resumeChunkSink(old.uploadId()));
        assertFalse(dir().exists("old.bin"));
        assertEquals(0, dir().abortUnfinishedUploads(Duration.ZERO), "nothing is left to abort");
    }

    @Test
    void unknownAndMalformedIdsAreNotFound() {
        for (String id : new String[] {StorageId.generate(), "not-an-id", "../../etc/passwd", "", "A".repeat(26)}) {
            assertThrows(NotFoundException.class, () -> dir().resumeChunkSink(id), id);
        }
    }
}
