package dev.stowage.api;

import dev.stowage.api.spi.StorageProvider;

/** A backend of our own SPI, registered for tests under the name {@code test-backend}. */
public final class TestBackendProvider implements StorageProvider {

    @Override
    public String name() {
        return "test-backend";
    }

    @Override
    public Storage open(StowageConfig config) {
        config.require("stowage.test-backend.label", "set a label for the test backend");
        return new Opened(config);
    }

    /** The opened test backend: it keeps its configuration and can do nothing else. */
    record Opened(StowageConfig config) implements Storage {
        @Override
        public String backend() {
            return "test-backend";
        }

        @Override
        public Capabilities capabilities() {
            return Capabilities.of();
        }

        @Override
        public UploadDir dir() {
            throw new UnsupportedOperationException("the test backend stores nothing");
        }

        @Override
        public UploadUrl urls() {
            throw new UnsupportedOperationException("the test backend has no URLs");
        }

        @Override
        public void close() {
        }
    }
}
