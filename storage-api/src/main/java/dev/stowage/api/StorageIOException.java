package dev.stowage.api;

import java.io.IOException;

/** Reading, writing or deleting failed in the backend's own I/O (disk full, permission denied...). */
public final class StorageIOException extends StorageException {
    private static final long serialVersionUID = 1L;

    private StorageIOException(String name, String message, Throwable cause) {
        super(name, message, cause);
    }

    /** {@code operation} (a verb: "save", "read"...) on {@code name} failed with {@code cause}. */
    public static StorageIOException during(String operation, String name, IOException cause) {
        return new StorageIOException(name, "Could not " + operation + " " + quoted(name) + ": "
                + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage()),
                cause);
    }
}
