package dev.stowage.api;

/** The bytes received are not the bytes declared: their SHA-256 or their size differs. Nothing was stored. */
public final class IntegrityMismatchException extends StorageException {
    private static final long serialVersionUID = 1L;

    private IntegrityMismatchException(String name, String message) {
        super(name, message, null);
    }

    /** The SHA-256 of the bytes received differs from the one declared. */
    public static IntegrityMismatchException sha256(String name, String expected, String actual) {
        return new IntegrityMismatchException(name, "SHA-256 of " + quoted(name) + " is " + actual
                + " but " + expected + " was expected; nothing was stored");
    }

    /** The number of bytes received differs from the size declared. */
    public static IntegrityMismatchException size(String name, long expected, long actual) {
        return new IntegrityMismatchException(name, "Received " + actual + " bytes for " + quoted(name)
                + " but " + expected + " were declared; nothing was stored");
    }
}
