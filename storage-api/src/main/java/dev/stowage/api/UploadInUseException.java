package dev.stowage.api;

/** An unfinished upload is being written through another handle, here or in another process. */
public final class UploadInUseException extends StorageException {
    private static final long serialVersionUID = 1L;

    private UploadInUseException(String uploadId, String message) {
        super(uploadId, message, null);
    }

    /** Another handle of the upload {@code uploadId} is open; suspend or close it first. */
    public static UploadInUseException heldElsewhere(String uploadId) {
        return new UploadInUseException(uploadId, "The upload " + quoted(uploadId)
                + " is open through another handle; it can be resumed once that handle is suspended or closed");
    }
}
