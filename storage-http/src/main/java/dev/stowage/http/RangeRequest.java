package dev.stowage.http;

import dev.stowage.api.ByteRange;
import java.util.ArrayList;
import java.util.List;

/**
 * What an RFC 9110 {@code Range} header asks of a representation of known length: the whole of it (no header,
 * a header that is not a valid {@code bytes=} range set, or more ranges than allowed), some byte ranges (cut to
 * the end), or nothing that exists (416).
 *
 * @param ranges the satisfiable ranges in the order asked, empty when the whole representation is sent or
 *               when none is satisfiable
 * @param unsatisfiable whether the header was valid but no range in it overlaps the representation
 */
record RangeRequest(List<ByteRange> ranges, boolean unsatisfiable) {
    private static final RangeRequest WHOLE = new RangeRequest(List.of(), false);
    private static final RangeRequest NONE_SATISFIABLE = new RangeRequest(List.of(), true);

    /** Whether the whole representation is to be sent (200). */
    boolean whole() {
        return ranges.isEmpty() && !unsatisfiable;
    }

    /** Reads {@code header} (may be {@code null}) against a representation of {@code size} bytes. */
    static RangeRequest parse(String header, long size, int maxRanges) {
        if (header == null) {
            return WHOLE;
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
            return WHOLE;
        }
        String[] specs = value.substring(6).split(",", -1);
        if (specs.length > maxRanges) {
            return WHOLE;
        }
        List<ByteRange> satisfiable = new ArrayList<>();
        for (String raw : specs) {
            String spec = raw.trim();
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return WHOLE;
            }
            String first = spec.substring(0, dash);
            String last = spec.substring(dash + 1);
            if (first.isEmpty()) {
                long suffix = number(last);
                if (suffix < 0) {
                    return WHOLE;
                }
                if (suffix > 0 && size > 0) {
                    long length = Math.min(suffix, size);
                    satisfiable.add(ByteRange.of(size - length, length));
                }
                continue;
            }
            long from = number(first);
            long to = last.isEmpty() ? Long.MAX_VALUE : number(last);
            if (from < 0 || to < 0 || to < from) {
                return WHOLE;
            }
            if (from < size) {
                satisfiable.add(ByteRange.inclusive(from, Math.min(to, size - 1)));
            }
        }
        return satisfiable.isEmpty() ? NONE_SATISFIABLE : new RangeRequest(List.copyOf(satisfiable), false);
    }

    /** A non-empty run of ASCII digits as a number, or -1 when it is anything else or too large. */
    private static long number(String digits) {
        if (digits.isEmpty() || digits.length() > 18) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(digits);
    }
}
