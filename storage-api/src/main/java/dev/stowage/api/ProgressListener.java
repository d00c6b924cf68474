package dev.stowage.api;

/** Told how far an upload has come, after every write. Must be quick and must not throw. */
@FunctionalInterface
public interface ProgressListener {
    /** No-op listener. */
    ProgressListener NONE = (received, total) -> { };

    /**
     * @param bytesReceived distinct bytes received so far (a chunk sent twice counts once)
     * @param totalBytes    the declared size, or -1 when it is not known
     */
    void onProgress(long bytesReceived, long totalBytes);
}
