package dev.stowage.api;

import java.util.Optional;

/**
 * The one family of errors Stowage throws. Each subtype stands for one kind of failure and is built by a
 * named factory that puts the stored name (when there is one) and the reason into the message, so a log
 * line alone says what failed and why.
 */
public abstract class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String name;

    protected StorageException(String name, String message, Throwable cause) {
        super(message, cause);
        this.name = name;
    }

    /** The stored name the failure is about, when it is about one. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** Quotes a name for a message, so empty names and trailing spaces stay visible. */
    protected static String quoted(String name) {
        return name == null ? "(no name)" : "'" + name + "'";
    }
}
