package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stowage.api.ByteRange;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Properties of {@link RangeRequest#parse} over any {@code Range} header: it is ignored (whole), answers ranges
 * inside the file and no more of them than allowed, or is unsatisfiable (416); never an exception. A valid
 * range set yields exactly the ranges RFC 9110 says.
 */
class RangeRequestPropertyTest {
    @Provide
    Arbitrary<String> headers() {
        Arbitrary<String> pieces = Arbitraries.of("bytes=", "BYTES=", "bytes =", "items=", "0", "1", "7", "10",
                "99", "-", "--", ",", ", ", " ", "\t", "=", "+1", "-0", "0x10", "1e3", "\u0661", "9223372036854775807",
                "9223372036854775808", "99999999999999999999", "999999999999999999", "\r\n").list().ofMaxSize(16)
                .map(list -> String.join("", list));
        return Arbitraries.oneOf(pieces, Arbitraries.strings().all().ofMaxLength(30),
                pieces.map(tail -> "bytes=" + tail));
    }

    @Property(tries = 5000)
    void anyHeaderIsIgnoredSatisfiedWithinTheFileOrUnsatisfiable(@ForAll("headers") String header,
            @ForAll @LongRange(max = 200) long size, @ForAll @IntRange(min = 1, max = 8) int maxRanges) {
        RangeRequest request = RangeRequest.parse(header, size, maxRanges);
        assertTrue(request.ranges().size() <= maxRanges, "at most the allowed ranges");
        if (request.unsatisfiable()) {
            assertTrue(request.ranges().isEmpty());
        }
        for (ByteRange range : request.ranges()) {
            assertTrue(range.offset() >= 0 && range.length() > 0 && range.offset() + range.length() <= size,
                    range + " within " + size + " bytes for '" + header + "'");
        }
    }

    /** Coverage-guided: any header, size and cap (fuzzes with JAZZER_FUZZ=1, see -Pfuzz). */
    @FuzzTest
    void fuzzedHeaders(FuzzedDataProvider data) {
        anyHeaderIsIgnoredSatisfiedWithinTheFileOrUnsatisfiable(data.consumeString(300),
                data.consumeLong(0, 1L << 40), data.consumeInt(1, 16));
    }

    @Property(tries = 3000)
    void aValidRangeSetYieldsTheRangesItNames(@ForAll @LongRange(max = 1000) long size,
            @ForAll("specs") List<long[]> specs) {
        StringBuilder header = new StringBuilder("bytes=");
        List<ByteRange> expected = new ArrayList<>();
        for (long[] spec : specs) {
            if (header.length() > 6) {
                header.append(spec[2] == 0 ? "," : " , ");
            }
            if (spec[0] < 0) {
                header.append('-').append(spec[1]);
                long length = Math.min(spec[1], size);
                if (length > 0) {
                    expected.add(ByteRange.of(size - length, length));
                }
            } else {
                long last = spec[0] + spec[1];
                header.append(spec[0]).append('-').append(spec[2] == 0 ? "" : Long.toString(last));
                if (spec[0] < size) {
                    expected.add(ByteRange.inclusive(spec[0], spec[2] == 0 ? size - 1 : Math.min(last, size - 1)));
                }
            }
        }
        RangeRequest request = RangeRequest.parse(header.toString(), size, 8);
        assertEquals(expected, request.ranges(), header.toString());
        assertEquals(expected.isEmpty(), request.unsatisfiable(), header.toString());
        assertFalse(request.whole(), header.toString());
    }

    /** Up to 8 specs: {first or -1 for a suffix, length or suffix length, 0 for open-ended/no blanks}. */
    @Provide
    Arbitrary<List<long[]>> specs() {
        Arbitrary<Long> first = Arbitraries.longs().between(-1, 1200);
        Arbitrary<Long> length = Arbitraries.longs().between(0, 1200);
        Arbitrary<Long> flag = Arbitraries.longs().between(0, 1);
        return Combinators.combine(first, length, flag).as((f, l, o) -> new long[] {f, l, o})
                .list().ofMinSize(1).ofMaxSize(8);
    }
}
