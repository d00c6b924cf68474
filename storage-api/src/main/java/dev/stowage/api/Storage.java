package dev.stowage.api;

/**
 * One opened backend: its upload directory, its URLs and what it can do. Open the configured one with
 * {@link Stowage#open()}; close it when the application stops.
 */
public interface Storage extends AutoCloseable {

    /** The backend's name in configuration ({@code local}, {@code s3}, {@code gcs}...). */
    String backend();

    /** What this backend can do. */
    Capabilities capabilities();

    /** Where files are saved and read. */
    UploadDir dir();

    /** URLs for stored files and uploads. */
    UploadUrl urls();

    /** Releases the backend's resources; unfinished chunk sinks are aborted. */
    @Override
    void close();
}
