package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.AlreadyExistsException;
import dev.stowage.api.ChunkSink;
import dev.stowage.api.IncompleteUploadException;
import dev.stowage.api.IntegrityMismatchException;
import dev.stowage.api.PolicyViolationException;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.StorageId;
import dev.stowage.api.StoredFile;
import dev.stowage.api.UploadCancelledException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ChunkSink} every backend passes: chunks in any order, size and overlap, progress,
 * gaps found before anything is visible, limits, checksums, abort, early stop and failures that leave
 * nothing behind.
 */
public abstract class ChunkSinkContract extends StorageContract {

    private SaveOptions declared(long size) {
        return SaveOptions.builder().expectedSize(size).build();
    }

    /** Chunk sizes the tests cut files into; a backend with a minimum part size may override. */
    protected int chunkSize() {
        return 64 * 1024;
    }

    private void send(ChunkSink sink, byte[] data, long offset, int length) {
        assertEquals(length, sink.write(offset, stream(Arrays.copyOfRange(data, (int) offset, (int) offset + length))));
    }

    @Test
    void takesChunksInOrderAndReportsProgress() {
        byte[] data = bytes(chunkSize() * 5 + 123, 1);
        List<long[]> events = new CopyOnWriteArrayList<>();
        SaveOptions options = SaveOptions.builder().expectedSize(data.length).contentType("video/mp4")
                .originalFilename("clip.mp4").progress((received, total) -> events.add(new long[] {received, total}))
                .build();
        StoredFile stored;
        try (ChunkSink sink = dir().chunkSink("videos/clip.mp4", options)) {
            assertEquals("videos/clip.mp4", sink.name());
            for (int offset = 0; offset < data.length; offset += chunkSize()) {
                send(sink, data, offset, Math.min(chunkSize(), data.length - offset));
            }
            assertEquals(data.length, sink.bytesReceived());
            stored = sink.complete();
        }
        assertEquals(data.length, stored.size());
        assertEquals(sha256(data), stored.sha256());
        assertEquals("video/mp4", stored.contentType());
        assertEquals("clip.mp4", dir().stat("videos/clip.mp4").originalFilename());
        assertArrayEquals(data, read("videos/clip.mp4"));
        assertEquals(6, events.size());
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i)[0] > events.get(i - 1)[0]);
        }
        assertEquals(data.length, events.get(events.size() - 1)[0]);
        assertEquals(data.length, events.get(0)[1]);
    }

    @Test
    void takesChunksInRandomOrderOfMixedSizes() {
        for (long seed = 0; seed < 3; seed++) {
            byte[] data = bytes(chunkSize() * 7 + 999, 10 + seed);
            List<int[]> chunks = cut(data.length, new Random(seed));
            Collections.shuffle(chunks, new Random(seed));
            String name = "shuffled-" + seed + ".bin";
            try (ChunkSink sink = dir().chunkSink(name, declared(data.length))) {
                for (int[] chunk : chunks) {
                    assertFalse(dir().exists(name), "visible before complete");
                    send(sink, data, chunk[0], chunk[1]);
                }
                assertEquals(sha256(data), sink.complete().sha256());
            }
            assertArrayEquals(data, read(name));
        }
    }

    @Test
    void countsOverlappingAndRepeatedChunksOnce() {
        byte[] data = bytes(chunkSize() * 3, 2);
        int c = chunkSize();
        try (ChunkSink sink = dir().chunkSink("overlap.bin", declared(data.length))) {
            send(sink, data, 0, c);
            send(sink, data, 0, c);
            send(sink, data, c / 2, c);
            assertEquals(c + c / 2, sink.bytesReceived());
            send(sink, data, c, 2 * c);
            assertEquals(data.length, sink.bytesReceived());
            sink.complete();
        }
        assertArrayEquals(data, read("overlap.bin"));
    }

    @Test
    void findsGapsBeforeAnythingIsVisibleAndStaysOpenForTheMissingBytes() {
        byte[] data = bytes(chunkSize() * 4, 3);
        int c = chunkSize();
        try (ChunkSink sink = dir().chunkSink("gappy.bin", declared(data.length))) {
            send(sink, data, 0, c);
            send(sink, data, 2 * c, 2 * c);
            IncompleteUploadException gap = assertThrows(IncompleteUploadException.class, sink::complete);
            assertTrue(gap.getMessage().contains("bytes " + c + "-" + (2 * c - 1)), gap.getMessage());
            assertFalse(dir().exists("gappy.bin"));
            send(sink, data, c, c);
            sink.complete();
        }
        assertArrayEquals(data, read("gappy.bin"));
    }

    @Test
    void withoutADeclaredSizeTheHighestByteSetsTheSize() {
        byte[] data = bytes(chunkSize() * 2 + 5, 4);
        try (ChunkSink sink = dir().chunkSink("unsized.bin", SaveOptions.defaults())) {
            send(sink, data, chunkSize(), chunkSize() + 5);
            assertThrows(IncompleteUploadException.class, sink::complete);
            send(sink, data, 0, chunkSize());
            assertEquals(data.length, sink.complete().size());
        }
        assertArrayEquals(data, read("unsized.bin"));
    }

    @Test
    void refusesBytesBeyondTheDeclaredSizeAndEndsTheUpload() {
        byte[] data = bytes(1000, 5);
        ChunkSink sink = dir().chunkSink("over.bin", declared(999));
        assertThrows(IntegrityMismatchException.class, () -> sink.write(0, stream(data)));
        assertThrows(UploadCancelledException.class, () -> sink.write(0, stream(new byte[1])));
        assertThrows(UploadCancelledException.class, sink::complete);
        sink.close();
        assertFalse(dir().exists("over.bin"));
    }

    @Test
    void enforcesTheSizeLimit() {
        ChunkSink sink = dir().chunkSink("limit.bin", SaveOptions.builder().maxSize(1500).build());
        sink.write(0, stream(bytes(1000, 6)));
        PolicyViolationException error = assertThrows(PolicyViolationException.class,
                () -> sink.write(1000, stream(bytes(1000, 7))));
        assertEquals(PolicyViolationException.Reason.TOO_LARGE, error.reason());
        assertThrows(UploadCancelledException.class, sink::complete);
        assertFalse(dir().exists("limit.bin"));
    }

    @Test
    void checksTheExpectedChecksumAndStoresNothingWhenItDiffers() {
        byte[] data = bytes(5000, 8);
        ChunkSink sink = dir().chunkSink("sum.bin", SaveOptions.builder().expectedSize(data.length)
                .expectedSha256(sha256(bytes(5000, 9))).build());
        sink.write(0, stream(data));
        assertThrows(IntegrityMismatchException.class, sink::complete);
        assertThrows(UploadCancelledException.class, () -> sink.write(0, stream(data)));
        assertFalse(dir().exists("sum.bin"));
        try (ChunkSink good = dir().chunkSink("sum.bin", SaveOptions.builder().expectedSha256(sha256(data)).build())) {
            good.write(0, stream(data));
            assertEquals(sha256(data), good.complete().sha256());
        }
    }

    @Test
    void abortRemovesEverythingAndEndsTheUpload() {
        ChunkSink sink = dir().chunkSink("aborted.bin", declared(2000));
        sink.write(0, stream(bytes(1000, 10)));
        sink.abort();
        sink.abort();
        assertThrows(UploadCancelledException.class, () -> sink.write(1000, stream(bytes(1000, 11))));
        assertThrows(UploadCancelledException.class, sink::complete);
        assertFalse(dir().exists("aborted.bin"));
        assertEquals(0, dir().list("").count());
    }

    @Test
    void closingWithoutCompletingLeavesNothing() {
        try (ChunkSink sink = dir().chunkSink("early.bin", declared(2000))) {
            sink.write(0, stream(bytes(1000, 12)));
        }
        assertFalse(dir().exists("early.bin"));
    }

    @Test
    void aChunkThatBreaksOffFailsTheUploadAndLeavesNothing() {
        ChunkSink sink = dir().chunkSink("broken.bin", SaveOptions.defaults());
        sink.write(0, stream(bytes(1000, 13)));
        InputStream breaking = new SequenceInputStream(stream(bytes(100_000, 14)), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        });
        assertThrows(RuntimeException.class, () -> sink.write(1000, breaking));
        assertThrows(UploadCancelledException.class, sink::complete);
        assertFalse(dir().exists("broken.bin"));
    }

    @Test
    void completingOntoAnExistingFileNeedsOverwrite() {
        dir().save("taken.bin", stream(new byte[] {1}));
        ChunkSink sink = dir().chunkSink("taken.bin", SaveOptions.defaults());
        sink.write(0, stream(bytes(100, 15)));
        assertThrows(AlreadyExistsException.class, sink::complete);
        assertArrayEquals(new byte[] {1}, read("taken.bin"));
        try (ChunkSink replacing = dir().chunkSink("taken.bin", SaveOptions.builder().overwrite(true).build())) {
            replacing.write(0, stream(bytes(100, 15)));
            replacing.complete();
        }
        assertArrayEquals(bytes(100, 15), read("taken.bin"));
    }

    @Test
    void completesOnceOnly() {
        ChunkSink sink = dir().chunkSink("once.bin", SaveOptions.defaults());
        sink.write(0, stream(new byte[] {1, 2}));
        sink.complete();
        assertThrows(UploadCancelledException.class, sink::complete);
        assertThrows(UploadCancelledException.class, () -> sink.write(0, stream(new byte[] {3})));
        sink.close();
        assertArrayEquals(new byte[] {1, 2}, read("once.bin"));
    }

    @Test
    void storesEmptyUploadsAndNewIds() {
        StoredFile empty;
        try (ChunkSink sink = dir().chunkSinkNew(SaveOptions.builder().expectedSize(0).originalFilename("e.txt")
                .build())) {
            assertTrue(sink.name().matches("[0-9a-z]{" + StorageId.LENGTH + "}"));
            empty = sink.complete();
        }
        assertEquals(0, empty.size());
        assertEquals("e.txt", dir().stat(empty.name()).originalFilename());
        assertEquals("text/plain", empty.contentType().split(";")[0]);
    }

    @Test
    void takesChunksFromSeveralThreadsAtOnce() throws Exception {
        byte[] data = bytes(chunkSize() * 16, 16);
        List<int[]> chunks = new ArrayList<>();
        for (int offset = 0; offset < data.length; offset += chunkSize()) {
            chunks.add(new int[] {offset, chunkSize()});
        }
        try (ChunkSink sink = dir().chunkSink("parallel.bin", declared(data.length))) {
            List<Object> results = race(chunks.size(), i -> {
                send(sink, data, chunks.get(i)[0], chunks.get(i)[1]);
                return "ok";
            });
            assertTrue(results.stream().allMatch("ok"::equals), results.toString());
            sink.complete();
        }
        assertArrayEquals(data, read("parallel.bin"));
    }

    /** Cuts {@code length} bytes into chunks of random sizes around {@link #chunkSize()}. */
    private List<int[]> cut(int length, Random random) {
        List<int[]> chunks = new ArrayList<>();
        for (int offset = 0; offset < length; ) {
            int size = Math.min(length - offset, chunkSize() / 2 + random.nextInt(chunkSize()));
            chunks.add(new int[] {offset, size});
            offset += size;
        }
        return chunks;
    }
}
