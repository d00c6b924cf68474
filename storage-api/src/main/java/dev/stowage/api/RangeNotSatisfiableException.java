package dev.stowage.api;

/** A byte range starts at or beyond the end of the stored file. */
public final class RangeNotSatisfiableException extends StorageException {
    private static final long serialVersionUID = 1L;

    private final long size;

    private RangeNotSatisfiableException(String name, long size, String message) {
        super(name, message, null);
        this.size = size;
    }

    /** {@code range} lies outside {@code name}, which holds {@code size} bytes. */
    public static RangeNotSatisfiableException forRange(String name, ByteRange range, long size) {
        return new RangeNotSatisfiableException(name, size, "Range " + range + " is outside " + quoted(name)
                + ", which holds " + size + " bytes");
    }

    /** The size of the file the range was asked of. */
    public long size() {
        return size;
    }
}
