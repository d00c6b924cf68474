package dev.stowage.api;

/** No stored file exists under the name asked for. */
public final class NotFoundException extends StorageException {
    private static final long serialVersionUID = 1L;

    private NotFoundException(String name, String message) {
        super(name, message, null);
    }

    /** No file is stored under {@code name}. */
    public static NotFoundException forName(String name) {
        return new NotFoundException(name, "No file is stored under " + quoted(name));
    }
}
