package dev.stowage.http;

/**
 * A tus request the endpoint refuses: the status to answer and a message for people that names what was
 * wrong, sent as plain text.
 */
final class TusFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** tus's status for an {@code Upload-Checksum} that does not match the chunk. */
    static final int CHECKSUM_MISMATCH = 460;

    private final int status;

    TusFailure(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The HTTP status code. */
    int status() {
        return status;
    }

    static TusFailure badRequest(String message) {
        return new TusFailure(400, message);
    }

    static TusFailure notFound(String message) {
        return new TusFailure(404, message);
    }

    static TusFailure conflict(String message) {
        return new TusFailure(409, message);
    }

    static TusFailure tooLarge(String message) {
        return new TusFailure(413, message);
    }
}
