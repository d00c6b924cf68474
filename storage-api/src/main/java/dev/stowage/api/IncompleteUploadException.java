package dev.stowage.api;

/** A chunked upload was completed while bytes were still missing; the message lists the first gaps. */
public final class IncompleteUploadException extends StorageException {
    private static final long serialVersionUID = 1L;

    private IncompleteUploadException(String name, String message) {
        super(name, message, null);
    }

    /** Bytes are missing from the upload of {@code name}; {@code gaps} describes where. */
    public static IncompleteUploadException missing(String name, String gaps) {
        return new IncompleteUploadException(name, "Upload of " + quoted(name)
                + " is incomplete, bytes are missing at " + gaps + "; nothing was stored");
    }

    /** A chunk's data ended before {@code expected} bytes arrived. */
    public static IncompleteUploadException truncatedChunk(String name, long offset, long expected, long actual) {
        return new IncompleteUploadException(name, "Chunk at offset " + offset + " of " + quoted(name)
                + " ended after " + actual + " of " + expected + " bytes");
    }
}
