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

    /** No unfinished upload has the id {@code uploadId}: it completed, was aborted, expired, or never was. */
    public static NotFoundException forUpload(String uploadId) {
        return new NotFoundException(uploadId, "No unfinished upload has the id " + quoted(uploadId)
                + " (it completed, was aborted or expired, or never existed)");
    }
}
