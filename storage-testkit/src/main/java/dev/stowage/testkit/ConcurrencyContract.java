package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.stowage.api.AlreadyExistsException;
import dev.stowage.api.ByteRange;
import dev.stowage.api.Capability;
import dev.stowage.api.ChunkSink;
import dev.stowage.api.NotFoundException;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.StorageException;
import dev.stowage.api.StoredFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What racing callers see, on every backend: many writers to one name leave exactly one writer's file, with its
 * own SHA-256 and size; of racing creators exactly one wins; a reader during writes reads one version whole,
 * never a mix; a delete during a read lets the read finish whole or fail, never end early; a move racing a save
 * and a copy racing an overwrite end in one of the states a one-at-a-time order of the two calls could give.
 * Where a backend cannot promise that (no {@link Capability#ATOMIC_MOVE}: a move is a copy and a delete), the
 * outcomes it may add are named here, for that backend only. Each test races for a bounded number of rounds or
 * {@link #raceTime()}, so a backend's run takes a few seconds.
 */
public abstract class ConcurrencyContract extends StorageContract {

    /** How long the tests that race for a while keep racing. */
    protected Duration raceTime() {
        return Duration.ofMillis(800);
    }

    /** How many times the tests that race two calls run them. */
    protected int rounds() {
        return 8;
    }

    /**
     * A size that goes up in more than one request on a backend that has parts or pieces (its part size and a
     * byte more), for one of the racing writers; small files use other code paths.
     */
    protected int severalPartsSize() {
        return 300 * 1024;
    }

    private boolean has(Capability capability) {
        return storage.capabilities().has(capability);
    }

    /** The contents {@code n} writers race with: distinct, of different sizes, one of {@link #severalPartsSize()}. */
    private List<byte[]> contents(int n, long seed) {
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            contents.add(bytes(i == 0 ? severalPartsSize() : 40_000 + 1000 * i, seed + i));
        }
        return contents;
    }

    /** Writer {@code i} saves {@code data} under {@code name}: even ones in one call, odd ones through a chunk sink. */
    private StoredFile write(int i, String name, byte[] data, boolean overwrite) {
        SaveOptions options = SaveOptions.builder().overwrite(overwrite).build();
        if (i % 2 == 0) {
            return dir().save(name, stream(data), options);
        }
        try (ChunkSink sink = dir().chunkSink(name, options.toBuilder().expectedSize(data.length).build())) {
            int half = data.length / 2;
            sink.write(half, stream(Arrays.copyOfRange(data, half, data.length)));
            sink.write(0, stream(Arrays.copyOfRange(data, 0, half)));
            return sink.complete();
        }
    }

    /** Which of {@code candidates} {@code data} is, or -1. */
    private static int which(List<byte[]> candidates, byte[] data) {
        for (int i = 0; i < candidates.size(); i++) {
            if (Arrays.equals(candidates.get(i), data)) {
                return i;
            }
        }
        return -1;
    }

    /** Fails unless {@code name} holds one of {@code candidates} whole, with a record of exactly those bytes. */
    private int assertHoldsOneOf(String name, List<byte[]> candidates) {
        byte[] stored = read(name);
        int index = which(candidates, stored);
        assertTrue(index >= 0, () -> "'" + name + "' holds " + stored.length + " bytes no writer wrote: a mix");
        StoredFile stat = dir().stat(name);
        assertEquals(sha256(stored), stat.sha256(), () -> "the SHA-256 recorded for '" + name + "' is of other bytes");
        assertEquals(stored.length, stat.size(), () -> "the size recorded for '" + name + "' is of other bytes");
        return index;
    }

    @Test
    void manyWritersToOneNameLeaveExactlyOneWritersFile() throws Exception {
        int writers = 6;
        List<byte[]> contents = contents(writers, 300);
        List<Object> results = race(writers, i -> write(i, "many.bin", contents.get(i), true));
        for (int i = 0; i < writers; i++) {
            Object result = results.get(i);
            assertTrue(result instanceof StoredFile, () -> "a writer failed: " + result);
            assertEquals(sha256(contents.get(i)), ((StoredFile) result).sha256(), "a writer's record of its bytes");
        }
        assertHoldsOneOf("many.bin", contents);
        try (var files = dir().list("")) {
            assertEquals(List.of("many.bin"), files.map(StoredFile::name).toList(), "only the one file is visible");
        }
    }

    @Test
    void ofManyCreatorsOfOneNameExactlyOneWins() throws Exception {
        int creators = 6;
        List<byte[]> contents = contents(creators, 400);
        List<Object> results = race(creators, i -> write(i, "once.bin", contents.get(i), false));
        List<Integer> winners = new ArrayList<>();
        for (int i = 0; i < creators; i++) {
            Object result = results.get(i);
            if (result instanceof StoredFile) {
                winners.add(i);
            } else if (!(result instanceof AlreadyExistsException)) {
                fail("a creator failed otherwise than with AlreadyExistsException: " + result);
            }
        }
        if (has(Capability.ATOMIC_CREATE_ONCE)) {
            assertEquals(1, winners.size(), () -> "creators that won: " + winners + " of " + results);
        } else {
            assertFalse(winners.isEmpty(), "no creator won");
        }
        int stored = assertHoldsOneOf("once.bin", contents);
        assertTrue(winners.contains(stored), "the file is a loser's");
    }

    @Test
    void aReaderDuringWritesReadsOneVersionWhole() throws Exception {
        int size = 200_000;
        List<byte[]> versions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            versions.add(bytes(size, 500 + i));
        }
        dir().save("live.bin", stream(versions.get(0)));
        long deadline = System.nanoTime() + raceTime().toNanos();
        AtomicInteger writes = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            threads.add(new Thread(() -> {
                for (int n = 0; System.nanoTime() < deadline || n == 0; n++) {
                    int version = 1 + (writer * 2 + n) % (versions.size() - 1);
                    try {
                        write(n, "live.bin", versions.get(version), true);
                        writes.incrementAndGet();
                    } catch (RuntimeException e) {
                        wrong.add("a writer failed: " + e + where(e));
                    }
                }
            }));
        }
        for (int r = 0; r < 2; r++) {
            Random random = new Random(r);
            threads.add(new Thread(() -> {
                for (int n = 0; System.nanoTime() < deadline || n == 0; n++) {
                    try {
                        String problem = readOnce("live.bin", versions, size, random, n % 3);
                        if (problem != null) {
                            wrong.add(problem);
                        }
                        reads.incrementAndGet();
                    } catch (IOException | RuntimeException e) {
                        wrong.add("a read of a file that always exists failed: " + e + where(e));
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join(Duration.ofMinutes(2).toMillis());
            assertFalse(thread.isAlive(), "a reader or writer hangs");
        }
        assertEquals(List.of(), List.copyOf(wrong));
        assertTrue(writes.get() > 0 && reads.get() > 0, writes + " writes, " + reads + " reads");
        assertHoldsOneOf("live.bin", versions);
    }

    /** Where {@code e} was thrown: its first frames, for a failure message. */
    private static String where(Throwable e) {
        StringBuilder at = new StringBuilder();
        StackTraceElement[] frames = e.getStackTrace();
        for (int i = 0; i < Math.min(6, frames.length); i++) {
            at.append("\n    at ").append(frames[i]);
        }
        return at.toString();
    }

    /** One read of {@code name} while it is replaced: a whole read, a range, or a stat; what was wrong, or null. */
    private String readOnce(String name, List<byte[]> versions, int size, Random random, int kind)
            throws IOException {
        if (kind == 0) {
            byte[] whole;
            try (InputStream in = dir().open(name)) {
                whole = in.readAllBytes();
            }
            return which(versions, whole) >= 0 ? null : "a read saw " + whole.length + " bytes of no single version";
        }
        if (kind == 1) {
            int offset = random.nextInt(size - 1);
            int length = 1 + random.nextInt(size - offset);
            byte[] part;
            try (InputStream in = dir().open(name, ByteRange.of(offset, length))) {
                part = in.readAllBytes();
            }
            for (byte[] version : versions) {
                if (Arrays.equals(Arrays.copyOfRange(version, offset, offset + length), part)) {
                    return null;
                }
            }
            return "a read of bytes " + offset + "+" + length + " saw no single version's";
        }
        StoredFile stat = dir().stat(name);
        for (byte[] version : versions) {
            if (sha256(version).equals(stat.sha256())) {
                return stat.size() == version.length ? null : "stat gave one version's SHA-256 with another's size";
            }
        }
        return "stat gave the SHA-256 of no version";
    }

    @Test
    void aDeleteDuringAReadLetsItFinishWholeOrFailButNeverEndEarly() throws Exception {
        byte[] data = bytes(400_000, 600);
        dir().save("opened.bin", stream(data));
        try (InputStream in = dir().open("opened.bin")) {
            byte[] start = in.readNBytes(1000);
            dir().delete("opened.bin");
            assertReadWholeOrFailed(data, start, in);
        }
        assertFalse(dir().exists("opened.bin"));

        for (int round = 0; round < rounds(); round++) {
            String name = "deleted-" + round + ".bin";
            dir().save(name, stream(data));
            int delay = round;
            List<Object> results = race(2, i -> {
                if (i == 0) {
                    pause(delay);
                    return dir().delete(name);
                }
                try (InputStream in = dir().open(name)) {
                    assertReadWholeOrFailed(data, new byte[0], in);
                    return "read";
                } catch (NotFoundException e) {
                    return "deleted first";
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertEquals(Boolean.TRUE, results.get(0), "the delete");
            assertTrue(results.get(1) instanceof String, () -> "the read: " + results.get(1));
            assertFalse(dir().exists(name));
        }
        try (var files = dir().list("")) {
            assertEquals(0, files.count(), "a deleted file is still listed");
        }
    }

    /** Reads the rest of {@code in}: with {@code start}, it is {@code data} whole, or the read failed. */
    private static void assertReadWholeOrFailed(byte[] data, byte[] start, InputStream in) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(start);
        try {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (IOException | StorageException e) {
            return; // failed cleanly
        }
        assertEquals(data.length, all.size(), "a read ended early, without an error, when its file was deleted");
        assertTrue(Arrays.equals(data, all.toByteArray()), "a read saw other bytes when its file was deleted");
    }

    @Test
    void aMoveRacingASaveToItsSourceEndsInAnOrderThatCouldHappen() throws Exception {
        Map<String, Integer> seen = new HashMap<>();
        for (int round = 0; round < rounds(); round++) {
            byte[] moved = bytes(30_000, 700 + round);
            byte[] saved = bytes(31_000, 800 + round);
            String source = "move/from-" + round;
            String target = "move/to-" + round;
            dir().save(source, stream(moved));
            int round0 = round;
            List<Object> results = race(2, i -> {
                staggered(round0, i);
                if (i == 0) {
                    return dir().move(source, target, true);
                }
                return dir().save(source, stream(saved), SaveOptions.builder().overwrite(true).build());
            });
            assertTrue(results.get(0) instanceof StoredFile, () -> "the move: " + results.get(0));
            assertTrue(results.get(1) instanceof StoredFile, () -> "the save: " + results.get(1));
            int atTarget = assertHoldsOneOf(target, List.of(moved, saved));
            assertEquals(dir().stat(target).sha256(), ((StoredFile) results.get(0)).sha256(),
                    "the move's record of what it moved");
            Optional<Integer> atSource = dir().exists(source)
                    ? Optional.of(assertHoldsOneOf(source, List.of(moved, saved))) : Optional.empty();
            String outcome = (atTarget == 0 ? "moved" : "saved") + " at the target, "
                    + atSource.map(i -> i == 0 ? "moved" : "saved").orElse("nothing") + " at the source";
            seen.merge(outcome, 1, Integer::sum);
            boolean moveFirst = atTarget == 0 && atSource.equals(Optional.of(1));
            boolean saveFirst = atTarget == 1 && atSource.isEmpty();
            boolean saveLost = atTarget == 0 && atSource.isEmpty();
            if (!(moveFirst || saveFirst || saveLost && !has(Capability.ATOMIC_MOVE))) {
                fail("a move racing a save ended with " + outcome + ", which no order of the two gives"
                        + (saveLost ? " (the save was lost, and the backend claims ATOMIC_MOVE)" : ""));
            }
        }
        System.out.println("[concurrency] " + storage.backend() + " move racing save: " + seen);
    }

    @Test
    void aCopyRacingAnOverwriteCopiesOneVersionWithItsOwnRecord() throws Exception {
        for (int round = 0; round < rounds(); round++) {
            byte[] first = bytes(30_000, 900 + round);
            byte[] second = bytes(33_000, 1000 + round);
            String source = "copy/source-" + round;
            String target = "copy/target-" + round;
            dir().save(source, stream(first));
            int round0 = round;
            List<Object> results = race(2, i -> {
                staggered(round0, i);
                if (i == 0) {
                    return dir().copy(source, target, false);
                }
                return dir().save(source, stream(second), SaveOptions.builder().overwrite(true).build());
            });
            assertTrue(results.get(0) instanceof StoredFile, () -> "the copy: " + results.get(0));
            assertTrue(results.get(1) instanceof StoredFile, () -> "the save: " + results.get(1));
            assertHoldsOneOf(target, List.of(first, second));
            assertEquals(sha256(read(target)), ((StoredFile) results.get(0)).sha256(),
                    "the copy's record of what it copied");
            assertEquals(1, assertHoldsOneOf(source, List.of(first, second)), "the overwrite of the source");
        }
    }

    @Test
    void aCopyRacingAnOverwriteOfItsTargetLeavesOneOfTheTwoWhole() throws Exception {
        for (int round = 0; round < rounds(); round++) {
            byte[] copied = bytes(30_000, 1100 + round);
            byte[] saved = bytes(33_000, 1200 + round);
            String source = "copy2/source-" + round;
            String target = "copy2/target-" + round;
            dir().save(source, stream(copied));
            dir().save(target, stream(bytes(1000, 1300 + round)));
            int round0 = round;
            List<Object> results = race(2, i -> {
                staggered(round0, i);
                if (i == 0) {
                    return dir().copy(source, target, true);
                }
                return dir().save(target, stream(saved), SaveOptions.builder().overwrite(true).build());
            });
            assertTrue(results.get(0) instanceof StoredFile, () -> "the copy: " + results.get(0));
            assertTrue(results.get(1) instanceof StoredFile, () -> "the save: " + results.get(1));
            assertHoldsOneOf(target, List.of(copied, saved));
            assertHoldsOneOf(source, List.of(copied));
        }
    }

    /**
     * Holds back one of two racers a little, which one and how long changing with the round, so that over the
     * rounds each goes first and they also meet midway.
     */
    private static void staggered(int round, int racer) {
        if (racer == round % 2) {
            pause((round / 2) % 4 * 2);
        }
    }

    private static void pause(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
