package dev.stowage.api.spi;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which byte ranges of an upload have arrived: merged, so overlapping chunks count once. Not thread-safe.
 */
public final class Coverage {
    /** start → end (exclusive) of each run of received bytes; runs never touch or overlap. */
    private final TreeMap<Long, Long> runs = new TreeMap<>();
    private long covered;

    /** Records that bytes {@code start} (inclusive) to {@code end} (exclusive) arrived. */
    public void add(long start, long end) {
        if (end <= start) {
            return;
        }
        long newStart = start;
        long newEnd = end;
        Map.Entry<Long, Long> before = runs.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            newStart = before.getKey();
            newEnd = Math.max(newEnd, before.getValue());
        }
        Map.Entry<Long, Long> next = runs.ceilingEntry(newStart);
        while (next != null && next.getKey() <= newEnd) {
            newEnd = Math.max(newEnd, next.getValue());
            covered -= next.getValue() - next.getKey();
            runs.remove(next.getKey());
            next = runs.ceilingEntry(newStart);
        }
        runs.put(newStart, newEnd);
        covered += newEnd - newStart;
    }

    /** Distinct bytes received. */
    public long covered() {
        return covered;
    }

    /** One past the highest byte received (0 when nothing arrived). */
    public long end() {
        return runs.isEmpty() ? 0 : runs.lastEntry().getValue();
    }

    /** The number of bytes from 0 that arrived without a gap. */
    public long contiguousFromStart() {
        Map.Entry<Long, Long> first = runs.firstEntry();
        return first == null || first.getKey() != 0 ? 0 : first.getValue();
    }

    /** Whether every byte of {@code [0, size)} arrived. */
    public boolean isComplete(long size) {
        return size == 0 || contiguousFromStart() >= size;
    }

    /** The first few missing ranges of {@code [0, size)}, in words, for an error message. */
    public String describeGaps(long size) {
        StringBuilder out = new StringBuilder();
        long position = 0;
        int shown = 0;
        for (Map.Entry<Long, Long> run : runs.entrySet()) {
            if (run.getKey() > position && shown < 5) {
                out.append(shown++ == 0 ? "" : ", ").append("bytes ").append(position).append('-')
                        .append(run.getKey() - 1);
            }
            position = Math.max(position, run.getValue());
        }
        if (position < size && shown < 5) {
            out.append(shown == 0 ? "" : ", ").append("bytes ").append(position).append('-').append(size - 1);
        }
        return out.append(" (").append(size - Math.min(size, covered)).append(" bytes missing)").toString();
    }
}
