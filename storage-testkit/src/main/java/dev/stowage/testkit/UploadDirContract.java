package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.AlreadyExistsException;
import dev.stowage.api.ByteRange;
import dev.stowage.api.IntegrityMismatchException;
import dev.stowage.api.ListOptions;
import dev.stowage.api.ListPage;
import dev.stowage.api.NameRejectedException;
import dev.stowage.api.NotFoundException;
import dev.stowage.api.PolicyViolationException;
import dev.stowage.api.RangeNotSatisfiableException;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.StorageId;
import dev.stowage.api.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link dev.stowage.api.UploadDir} every backend passes: round trips with metadata,
 * overwrite rules, storage ids, hostile names, ranges, size and checksum checks that store nothing on
 * failure, listing with prefixes, delimiters and pages, copy, move, delete, and racing writers.
 */
public abstract class UploadDirContract extends StorageContract {

    @Test
    void savesAndReadsBackWithMetadata() {
        byte[] data = bytes(100_000, 1);
        Instant before = Instant.now().minusSeconds(2);
        StoredFile saved = dir().save("photos/cat.png", stream(data), SaveOptions.builder()
                .contentType("image/png").originalFilename("Mon chat ünïcödé.png").build());
        assertEquals("photos/cat.png", saved.name());
        assertEquals(data.length, saved.size());
        assertEquals(sha256(data), saved.sha256());
        assertEquals("image/png", saved.contentType());
        assertEquals("Mon chat ünïcödé.png", saved.originalFilename());
        assertTrue(!saved.created().isBefore(before) && saved.created().isBefore(Instant.now().plusSeconds(2)));
        assertEquals(saved, dir().stat("photos/cat.png"));
        assertArrayEquals(data, read("photos/cat.png"));
        assertTrue(dir().exists("photos/cat.png"));
    }

    @Test
    void guessesTheContentTypeFromTheOriginalFilenameOrTheName() {
        assertEquals("image/png", dir().save("a.png", stream(new byte[] {1})).contentType());
        assertEquals("application/pdf", dir().save("b", stream(new byte[] {1}),
                SaveOptions.builder().originalFilename("report.PDF").build()).contentType());
        assertEquals("application/octet-stream", dir().save("c", stream(new byte[] {1})).contentType());
    }

    @Test
    void storesEmptyFiles() {
        StoredFile saved = dir().save("empty.txt", stream(new byte[0]));
        assertEquals(0, saved.size());
        assertEquals(sha256(new byte[0]), saved.sha256());
        assertArrayEquals(new byte[0], read("empty.txt"));
    }

    @Test
    void refusesToOverwriteUnlessAsked() {
        byte[] first = bytes(1000, 2);
        byte[] second = bytes(2000, 3);
        dir().save("doc.bin", stream(first));
        assertThrows(AlreadyExistsException.class, () -> dir().save("doc.bin", stream(second)));
        assertArrayEquals(first, read("doc.bin"));
        StoredFile replaced = dir().save("doc.bin", stream(second), SaveOptions.builder().overwrite(true).build());
        assertEquals(sha256(second), replaced.sha256());
        assertArrayEquals(second, read("doc.bin"));
        assertEquals(sha256(second), dir().stat("doc.bin").sha256());
    }

    @Test
    void savesNewFilesUnderGeneratedIdsKeepingTheOriginalFilename() {
        SaveOptions options = SaveOptions.builder().originalFilename("résumé final.pdf").build();
        StoredFile first = dir().saveNew(stream(bytes(10, 4)), options);
        StoredFile second = dir().saveNew(stream(bytes(10, 5)), options);
        assertTrue(first.name().matches("[0-9a-z]{" + StorageId.LENGTH + "}"), first.name());
        assertFalse(first.name().equals(second.name()));
        assertEquals("résumé final.pdf", dir().stat(first.name()).originalFilename());
        assertEquals("application/pdf", first.contentType());
        assertArrayEquals(bytes(10, 5), read(second.name()));
    }

    @Test
    void normalizesNames() {
        dir().save("folder\\file.txt", stream(new byte[] {1}));
        assertTrue(dir().exists("folder/file.txt"));
        dir().save("cafe\u0301.txt", stream(new byte[] {2}));
        assertEquals("caf\u00e9.txt", dir().stat("caf\u00e9.txt").name());
        assertArrayEquals(new byte[] {2}, read("cafe\u0301.txt"));
    }

    @Test
    void refusesHostileNamesInEveryOperationAndStoresNothing() {
        dir().save("kept.txt", stream(new byte[] {1}));
        for (String name : HostileNames.rejected()) {
            assertThrows(NameRejectedException.class, () -> dir().save(name, stream(new byte[] {1})), name);
            assertThrows(NameRejectedException.class, () -> dir().stat(name), name);
            assertThrows(NameRejectedException.class, () -> dir().exists(name), name);
            assertThrows(NameRejectedException.class, () -> dir().open(name), name);
            assertThrows(NameRejectedException.class, () -> dir().delete(name), name);
            assertThrows(NameRejectedException.class, () -> dir().copy("kept.txt", name, true), name);
            assertThrows(NameRejectedException.class, () -> dir().move(name, "x.txt", true), name);
            assertThrows(NameRejectedException.class, () -> dir().chunkSink(name, SaveOptions.defaults()), name);
        }
        assertEquals(List.of("kept.txt"), names(""));
    }

    @Test
    void acceptsAndRoundTripsUnusualButSafeNames() {
        int i = 0;
        for (String name : HostileNames.accepted()) {
            byte[] data = bytes(17, i++);
            StoredFile saved = dir().save(name, stream(data));
            assertEquals(saved, dir().stat(name), name);
            assertArrayEquals(data, read(saved.name()), name);
            assertEquals(List.of(saved.name()), names(""), name);
            assertTrue(dir().delete(name), name);
        }
        assertEquals(List.of(), names(""));
    }

    @Test
    void reportsMissingFiles() {
        assertThrows(NotFoundException.class, () -> dir().stat("missing.txt"));
        assertThrows(NotFoundException.class, () -> dir().open("missing.txt"));
        assertThrows(NotFoundException.class, () -> dir().copy("missing.txt", "b.txt", false));
        assertThrows(NotFoundException.class, () -> dir().move("missing.txt", "b.txt", false));
        assertFalse(dir().exists("missing.txt"));
        assertFalse(dir().delete("missing.txt"));
        dir().save("folder/inside.txt", stream(new byte[] {1}));
        assertThrows(NotFoundException.class, () -> dir().stat("folder"));
        assertFalse(dir().exists("folder"));
        assertFalse(dir().exists("folder/inside.txt/deeper"));
    }

    @Test
    void readsByteRanges() throws IOException {
        byte[] data = bytes(10_000, 6);
        dir().save("r.bin", stream(data));
        assertArrayEquals(slice(data, 0, 1), readRange("r.bin", ByteRange.of(0, 1)));
        assertArrayEquals(slice(data, 1234, 5000), readRange("r.bin", ByteRange.of(1234, 5000)));
        assertArrayEquals(slice(data, 9000, 1000), readRange("r.bin", ByteRange.from(9000)));
        assertArrayEquals(slice(data, 9990, 10), readRange("r.bin", ByteRange.of(9990, 500)));
        assertArrayEquals(slice(data, 100, 10), readRange("r.bin", ByteRange.inclusive(100, 109)));
        assertThrows(RangeNotSatisfiableException.class, () -> dir().open("r.bin", ByteRange.of(10_000, 1)));
        assertThrows(RangeNotSatisfiableException.class, () -> dir().open("r.bin", ByteRange.from(20_000)));
        dir().save("e.bin", stream(new byte[0]));
        assertArrayEquals(new byte[0], readRange("e.bin", ByteRange.from(0)));
    }

    @Test
    void enforcesTheSizeLimitAndStoresNothing() {
        PolicyViolationException error = assertThrows(PolicyViolationException.class, () -> dir().save("big.bin",
                stream(bytes(5000, 7)), SaveOptions.builder().maxSize(4999).build()));
        assertEquals(PolicyViolationException.Reason.TOO_LARGE, error.reason());
        assertFalse(dir().exists("big.bin"));
        assertEquals(5000, dir().save("big.bin", stream(bytes(5000, 7)),
                SaveOptions.builder().maxSize(5000).build()).size());
    }

    @Test
    void checksTheDeclaredSizeAndChecksumAndStoresNothingWhenTheyDiffer() {
        byte[] data = bytes(3000, 8);
        assertThrows(IntegrityMismatchException.class, () -> dir().save("s.bin", stream(data),
                SaveOptions.builder().expectedSize(2999).build()));
        assertThrows(IntegrityMismatchException.class, () -> dir().save("s.bin", stream(data),
                SaveOptions.builder().expectedSize(3001).build()));
        assertThrows(IntegrityMismatchException.class, () -> dir().save("s.bin", stream(data),
                SaveOptions.builder().expectedSha256(sha256(bytes(3000, 9))).build()));
        assertFalse(dir().exists("s.bin"));
        assertEquals(sha256(data), dir().save("s.bin", stream(data), SaveOptions.builder()
                .expectedSize(3000).expectedSha256(sha256(data).toUpperCase()).build()).sha256());
    }

    @Test
    void keepsTheOldFileWhenAnUploadBreaksOff() {
        byte[] old = bytes(100, 10);
        dir().save("keep.bin", stream(old));
        InputStream breaking = new SequenceInputStream(stream(bytes(300_000, 11)), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("client went away");
            }
        });
        assertThrows(RuntimeException.class, () -> dir().save("keep.bin", breaking,
                SaveOptions.builder().overwrite(true).build()));
        assertArrayEquals(old, read("keep.bin"));
        assertEquals(sha256(old), dir().stat("keep.bin").sha256());
        assertEquals(List.of("keep.bin"), names(""));
    }

    @Test
    void listsInUtf8OrderWithPrefixesDelimitersAndPages() {
        List<String> all = List.of("a-b", "a/b", "a/c/d", "a/c/e", "a0", "ab", "b/z", "b/\u00e9", "b/\uFFFD",
                "b/\uD83D\uDE00", "c.txt");
        for (String name : all) {
            dir().save(name, stream(new byte[] {1}));
        }
        assertEquals(all, names(""));
        assertEquals(List.of("a/b", "a/c/d", "a/c/e"), names("a/"));
        assertEquals(List.of("a/c/d", "a/c/e"), names("a/c"));
        assertEquals(List.of(), names("zz"));

        ListPage top = dir().list(ListOptions.all().withDelimiter("/"));
        assertEquals(List.of("a-b", "a0", "ab", "c.txt"), top.files().stream().map(StoredFile::name).toList());
        assertEquals(List.of("a/", "b/"), top.commonPrefixes());
        assertNull(top.nextPageToken());

        ListPage inA = dir().list(ListOptions.prefix("a/").withDelimiter("/"));
        assertEquals(List.of("a/b"), inA.files().stream().map(StoredFile::name).toList());
        assertEquals(List.of("a/c/"), inA.commonPrefixes());

        for (int size = 1; size <= 4; size++) {
            assertEquals(all, pagedNames(ListOptions.all().withPageSize(size)), "page size " + size);
            List<String> entries = new ArrayList<>();
            ListOptions options = ListOptions.all().withDelimiter("/").withPageSize(size);
            while (options != null) {
                ListPage page = dir().list(options);
                assertTrue(page.files().size() + page.commonPrefixes().size() <= size);
                page.files().forEach(f -> entries.add(f.name()));
                entries.addAll(page.commonPrefixes());
                options = page.next().map(options::withPageToken).orElse(null);
            }
            assertEquals(Set.of("a-b", "a0", "ab", "c.txt", "a/", "b/"), new HashSet<>(entries));
            assertEquals(6, entries.size());
        }
        assertThrows(IllegalArgumentException.class, () -> dir().list(ListOptions.all().withPageToken("!bogus!")));
    }

    @Test
    void copiesWithMetadata() {
        byte[] data = bytes(5000, 12);
        StoredFile original = dir().save("src/a.bin", stream(data), SaveOptions.builder()
                .contentType("application/x-test").originalFilename("ä.bin").build());
        StoredFile copy = dir().copy("src/a.bin", "dst/b.bin", false);
        assertEquals("dst/b.bin", copy.name());
        assertEquals(original.sha256(), copy.sha256());
        assertEquals("application/x-test", dir().stat("dst/b.bin").contentType());
        assertEquals("ä.bin", dir().stat("dst/b.bin").originalFilename());
        assertArrayEquals(data, read("dst/b.bin"));
        assertArrayEquals(data, read("src/a.bin"));
        dir().save("other.bin", stream(new byte[] {9}));
        assertThrows(AlreadyExistsException.class, () -> dir().copy("src/a.bin", "other.bin", false));
        assertArrayEquals(new byte[] {9}, read("other.bin"));
        dir().copy("src/a.bin", "other.bin", true);
        assertArrayEquals(data, read("other.bin"));
        assertThrows(AlreadyExistsException.class, () -> dir().copy("other.bin", "other.bin", false));
        assertEquals(original.sha256(), dir().copy("other.bin", "other.bin", true).sha256());
    }

    @Test
    void movesWithMetadata() {
        byte[] data = bytes(5000, 13);
        dir().save("from/x.bin", stream(data), SaveOptions.builder().originalFilename("x.bin").build());
        dir().save("busy.bin", stream(new byte[] {7}));
        assertThrows(AlreadyExistsException.class, () -> dir().move("from/x.bin", "busy.bin", false));
        assertArrayEquals(data, read("from/x.bin"));
        assertArrayEquals(new byte[] {7}, read("busy.bin"));
        StoredFile moved = dir().move("from/x.bin", "to/y.bin", false);
        assertEquals("to/y.bin", moved.name());
        assertEquals("x.bin", dir().stat("to/y.bin").originalFilename());
        assertArrayEquals(data, read("to/y.bin"));
        assertFalse(dir().exists("from/x.bin"));
        dir().move("to/y.bin", "busy.bin", true);
        assertArrayEquals(data, read("busy.bin"));
        assertEquals(List.of("busy.bin"), names(""));
    }

    @Test
    void deletesFilesAndTheFoldersTheyLeaveEmpty() {
        dir().save("d/e/f.txt", stream(new byte[] {1}));
        dir().save("d/g.txt", stream(new byte[] {2}));
        assertTrue(dir().delete("d/e/f.txt"));
        assertFalse(dir().exists("d/e/f.txt"));
        assertFalse(dir().delete("d/e/f.txt"));
        assertEquals(List.of(), dir().list(ListOptions.prefix("d/").withDelimiter("/")).commonPrefixes());
        assertEquals(List.of("d/g.txt"), names(""));
        dir().save("d/e", stream(new byte[] {3}));
        assertArrayEquals(new byte[] {3}, read("d/e"));
    }

    @Test
    void racingWritersLeaveExactlyOneWritersBytes() throws Exception {
        int writers = 8;
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            contents.add(bytes(200_000 + i, 100 + i));
        }
        List<Object> replaced = race(writers, i -> dir().save("race.bin", stream(contents.get(i)),
                SaveOptions.builder().overwrite(true).build()));
        assertTrue(replaced.stream().allMatch(r -> r instanceof StoredFile), replaced.toString());
        byte[] stored = read("race.bin");
        assertTrue(contents.stream().anyMatch(c -> java.util.Arrays.equals(c, stored)), "a mix of writers");
        assertEquals(sha256(stored), dir().stat("race.bin").sha256());
        assertEquals(stored.length, dir().stat("race.bin").size());

        List<Object> created = race(writers, i -> dir().save("once.bin", stream(contents.get(i))));
        List<Object> winners = created.stream().filter(r -> r instanceof StoredFile).toList();
        assertEquals(1, winners.size(), created.toString());
        assertTrue(created.stream().filter(r -> !(r instanceof StoredFile))
                .allMatch(r -> r instanceof AlreadyExistsException), created.toString());
        assertEquals(((StoredFile) winners.get(0)).sha256(), sha256(read("once.bin")));
    }

    @Test
    void aReaderKeepsReadingTheFileItOpenedWhileItIsReplaced() throws IOException {
        byte[] old = bytes(1_000_000, 20);
        byte[] fresh = bytes(1_000_000, 21);
        dir().save("live.bin", stream(old));
        try (InputStream reader = dir().open("live.bin")) {
            byte[] start = reader.readNBytes(1000);
            dir().save("live.bin", stream(fresh), SaveOptions.builder().overwrite(true).build());
            byte[] rest = reader.readAllBytes();
            byte[] whole = new byte[start.length + rest.length];
            System.arraycopy(start, 0, whole, 0, start.length);
            System.arraycopy(rest, 0, whole, start.length, rest.length);
            assertTrue(java.util.Arrays.equals(old, whole) || java.util.Arrays.equals(fresh, whole),
                    "the reader saw a mix of the old and the new file");
        }
        assertArrayEquals(fresh, read("live.bin"));
    }

    /** Every stored name under {@code prefix}, through the lazy stream. */
    protected List<String> names(String prefix) {
        try (var files = dir().list(prefix)) {
            return files.map(StoredFile::name).collect(Collectors.toList());
        }
    }

    private List<String> pagedNames(ListOptions first) {
        List<String> names = new ArrayList<>();
        ListOptions options = first;
        while (options != null) {
            ListPage page = dir().list(options);
            page.files().forEach(f -> names.add(f.name()));
            options = page.next().map(options::withPageToken).orElse(null);
        }
        return names;
    }

    private byte[] readRange(String name, ByteRange range) throws IOException {
        try (InputStream in = dir().open(name, range)) {
            return in.readAllBytes();
        }
    }

    private static byte[] slice(byte[] data, int offset, int length) {
        return java.util.Arrays.copyOfRange(data, offset, offset + length);
    }
}
