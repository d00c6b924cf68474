package dev.stowage.api;

/** The upload was aborted or failed earlier; it cannot take more data and nothing of it was stored. */
public final class UploadCancelledException extends StorageException {
    private static final long serialVersionUID = 1L;

    private UploadCancelledException(String name, String message) {
        super(name, message, null);
    }

    /** The chunked upload of {@code name} was already {@code state} ("aborted", "completed", "failed"). */
    public static UploadCancelledException alreadyEnded(String name, String state) {
        return new UploadCancelledException(name, "The upload of " + quoted(name) + " was already " + state
                + " and takes no more calls");
    }
}
