package dev.stowage.api;

/** The backend cannot be reached or refuses to work right now; the same call may succeed later. */
public final class BackendUnavailableException extends StorageException {
    private static final long serialVersionUID = 1L;

    private BackendUnavailableException(String name, String message, Throwable cause) {
        super(name, message, cause);
    }

    /** Backend {@code backend} could not serve a call about {@code name} because of {@code reason}. */
    public static BackendUnavailableException because(String backend, String name, String reason, Throwable cause) {
        return new BackendUnavailableException(name, "The " + backend + " backend is unavailable"
                + (name == null ? "" : " for " + quoted(name)) + ": " + reason, cause);
    }
}
