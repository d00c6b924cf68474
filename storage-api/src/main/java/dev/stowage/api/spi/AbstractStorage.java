package dev.stowage.api.spi;

import dev.stowage.api.Capabilities;
import dev.stowage.api.Storage;
import dev.stowage.api.UploadDir;
import dev.stowage.api.UploadUrl;
import java.util.Objects;

/**
 * What every backend's {@link Storage} shares: its name, capabilities, upload directory and URLs, fixed when it
 * opens. A backend adds only how it closes and whatever accessors are its own.
 */
public abstract class AbstractStorage implements Storage {
    private final String backend;
    private final Capabilities capabilities;
    private final UploadDir dir;
    private final UploadUrl urls;

    /** A backend called {@code backend} in configuration, with these parts. */
    protected AbstractStorage(String backend, Capabilities capabilities, UploadDir dir, UploadUrl urls) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
        this.dir = Objects.requireNonNull(dir, "dir");
        this.urls = Objects.requireNonNull(urls, "urls");
    }

    @Override
    public final String backend() {
        return backend;
    }

    @Override
    public final Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public final UploadDir dir() {
        return dir;
    }

    @Override
    public final UploadUrl urls() {
        return urls;
    }
}
