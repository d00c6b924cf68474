package dev.stowage.api;

/**
 * A run of bytes within a file: {@code length} bytes from {@code offset}. A length of
 * {@link Long#MAX_VALUE} means "to the end of the file".
 */
public record ByteRange(long offset, long length) {
    public ByteRange {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }
    }

    /** {@code length} bytes from {@code offset}. */
    public static ByteRange of(long offset, long length) {
        return new ByteRange(offset, length);
    }

    /** Bytes {@code first} to {@code last}, both included (as in an HTTP Range header). */
    public static ByteRange inclusive(long first, long last) {
        if (last < first) {
            throw new IllegalArgumentException("last byte " + last + " is before first byte " + first);
        }
        return new ByteRange(first, last - first + 1);
    }

    /** Every byte from {@code offset} to the end. */
    public static ByteRange from(long offset) {
        return new ByteRange(offset, Long.MAX_VALUE);
    }

    /**
     * This range cut to a file of {@code size} bytes.
     *
     * @throws RangeNotSatisfiableException when the range starts at or past the end (an empty file has
     *                                      only the empty range at 0)
     */
    public ByteRange clip(String name, long size) {
        if (offset > size || (offset == size && length > 0 && size > 0)) {
            throw RangeNotSatisfiableException.forRange(name, this, size);
        }
        return new ByteRange(offset, Math.min(length, size - offset));
    }

    @Override
    public String toString() {
        return length == Long.MAX_VALUE ? "bytes " + offset + "-" : "bytes " + offset + "-" + (offset + length - 1)
                + " (" + length + " bytes)";
    }
}
