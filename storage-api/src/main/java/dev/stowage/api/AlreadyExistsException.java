package dev.stowage.api;

/** A file is already stored under the name, and the call did not ask to overwrite it. */
public final class AlreadyExistsException extends StorageException {
    private static final long serialVersionUID = 1L;

    private AlreadyExistsException(String name, String message) {
        super(name, message, null);
    }

    /** A file already exists under {@code name}. */
    public static AlreadyExistsException atName(String name) {
        return new AlreadyExistsException(name, "A file is already stored under " + quoted(name)
                + "; save with overwrite enabled to replace it, or save it as new to get a fresh storage id");
    }

    /** {@code name} cannot be created because {@code conflicting}, a stored file, would have to be a folder. */
    public static AlreadyExistsException asFolder(String name, String conflicting) {
        return new AlreadyExistsException(name, "Cannot store " + quoted(name) + ": " + quoted(conflicting)
                + " is a stored file, so it cannot also be a folder of names on this backend");
    }
}
