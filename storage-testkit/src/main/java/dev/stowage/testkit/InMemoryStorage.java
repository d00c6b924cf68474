package dev.stowage.testkit;

import dev.stowage.api.Capabilities;
import dev.stowage.api.Capability;
import dev.stowage.api.spi.AbstractStorage;
import dev.stowage.api.spi.ServedUrls;
import dev.stowage.api.spi.SignedUrls;
import dev.stowage.api.spi.UploadSigner;
import java.time.Clock;

/**
 * A backend held in memory for applications' unit tests ({@code stowage.backend=memory}): the same API,
 * rules and errors as the real ones, with local-style signed upload URLs under {@code /_upload}. Files are
 * byte arrays and vanish with the instance, so it is for small files only.
 */
public final class InMemoryStorage extends AbstractStorage {
    /** The backend's name in configuration. */
    public static final String NAME = "memory";

    private static final Capabilities CAPABILITIES = Capabilities.of(Capability.PRESIGNED_PUT,
            Capability.PRESIGNED_POST, Capability.PRESIGNED_SIZE_LIMIT, Capability.PRESIGNED_DOWNLOAD,
            Capability.SERVER_SIDE_COPY, Capability.ATOMIC_CREATE_ONCE, Capability.ATOMIC_MOVE, Capability.PUBLIC_URLS);

    private InMemoryStorage(String baseUrl, Clock clock) {
        super(NAME, CAPABILITIES, new InMemoryUploadDir(clock),
                new SignedUrls(NAME, ServedUrls.at(baseUrl), UploadSigner.withRandomKey(), clock));
    }

    /** An empty in-memory backend whose URLs start with {@code /_upload}. */
    public static InMemoryStorage create() {
        return new InMemoryStorage("/_upload", Clock.systemUTC());
    }

    /** An empty in-memory backend with the given base URL and clock. */
    public static InMemoryStorage create(String baseUrl, Clock clock) {
        return new InMemoryStorage(baseUrl, clock);
    }

    @Override
    public void close() {
        // nothing to release: the files go with the instance
    }
}
