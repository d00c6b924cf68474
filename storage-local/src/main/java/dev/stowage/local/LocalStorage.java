package dev.stowage.local;

import dev.stowage.api.Capabilities;
import dev.stowage.api.Capability;
import dev.stowage.api.StorageIOException;
import dev.stowage.api.StorageNames;
import dev.stowage.api.UploadDir;
import dev.stowage.api.UploadUrl;
import dev.stowage.api.spi.AbstractStorage;
import dev.stowage.api.spi.ServedUrls;
import dev.stowage.api.spi.SignedUrls;
import dev.stowage.api.spi.UploadSigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The local-disk backend: files in a folder ({@code ./uploaded_files} by default), served by storage-http
 * under {@code /_upload/<name>}, with HMAC-signed upload URLs for that server. The folder is created on
 * first use; staging left by a process that died is reclaimed when it opens. Chunked uploads outlive the
 * process and are resumed by id until they are older than the unfinished-upload TTL.
 */
public final class LocalStorage extends AbstractStorage {
    /** The folder, inside the upload directory, that holds staging, metadata and the signing key. */
    static final String HIDDEN = StorageNames.RESERVED_SEGMENT;
    /** How long unfinished chunked uploads are kept unless the builder says otherwise. */
    public static final Duration DEFAULT_UNFINISHED_UPLOAD_TTL = Duration.ofHours(24);

    private static final Capabilities CAPABILITIES = Capabilities.of(Capability.PRESIGNED_PUT,
            Capability.PRESIGNED_POST, Capability.PRESIGNED_SIZE_LIMIT, Capability.PRESIGNED_DOWNLOAD,
            Capability.SERVER_SIDE_COPY, Capability.ATOMIC_CREATE_ONCE, Capability.ATOMIC_MOVE, Capability.PUBLIC_URLS,
            Capability.LARGE_FILES, Capability.PERSISTENT, Capability.RESUMABLE_UPLOADS);

    private final Path root;
    private final StagingArea staging;

    private LocalStorage(Path root, StagingArea staging, LocalUploadDir dir, UploadUrl urls) {
        super(LocalStorageProvider.NAME, CAPABILITIES, dir, urls);
        this.root = root;
        this.staging = staging;
    }

    /** Opens {@code directory} with the default base URL {@code /_upload} and a kept random signing key. */
    public static LocalStorage open(Path directory) {
        return builder(directory).open();
    }

    /** A builder for a local backend in {@code directory}. */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /** The upload directory's real path. */
    public Path root() {
        return root;
    }

    /** How many abandoned staging folders were reclaimed when this backend opened. */
    public int reclaimedOnOpen() {
        return staging.reclaimed();
    }

    @Override
    public void close() {
        try {
            staging.close();
        } catch (IOException e) {
            throw StorageIOException.during("close the staging area of", root.toString(), e);
        }
    }

    /** Whether the file system under {@code staging} keeps user attributes, tried on a scratch file. */
    private static boolean userAttributesWork(StagingArea staging) throws IOException {
        Path probe = staging.newFile(".probe");
        try {
            return MetadataStore.userAttributesWork(probe);
        } finally {
            Files.delete(probe);
        }
    }

    /** Builds a {@link LocalStorage}: where, which base URL, which signing key, which clock. */
    public static final class Builder {
        private final Path directory;
        private String baseUrl = "/_upload";
        private String signingKey;
        private Clock clock = Clock.systemUTC();
        private Duration unfinishedUploadTtl = DEFAULT_UNFINISHED_UPLOAD_TTL;
        private boolean sidecarMetadataOnly;

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /** Where storage-http serves the directory: {@code /_upload} or an absolute URL. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /**
         * The secret that signs upload URLs; every server instance that verifies them needs the same one.
         * Without it a random key is generated once and kept in {@code .stowage/signing-key}, readable only
         * by its owner.
         */
        public Builder signingKey(String signingKey) {
            this.signingKey = signingKey;
            return this;
        }

        /**
         * How long an unfinished chunked upload is kept for a resume; older ones are removed when the directory
         * opens (and by {@link UploadDir#abortUnfinishedUploads}). Default 24 hours.
         */
        public Builder unfinishedUploadTtl(Duration ttl) {
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("unfinishedUploadTtl must not be negative: " + ttl);
            }
            this.unfinishedUploadTtl = ttl;
            return this;
        }

        /** The clock for creation times and URL expiry (tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Keeps metadata in sidecar records even where the file system has user attributes (tests). */
        Builder sidecarMetadataOnly() {
            this.sidecarMetadataOnly = true;
            return this;
        }

        /** Creates the directory if needed, reclaims abandoned staging, and opens it. */
        public LocalStorage open() {
            try {
                Files.createDirectories(directory);
                Path root = directory.toRealPath();
                Path hidden = root.resolve(HIDDEN);
                Files.createDirectories(hidden.resolve("meta"));
                UploadSigner signer = signingKey != null ? UploadSigner.fromSecret(signingKey)
                        : UploadSigner.fromKeyFile(hidden.resolve("signing-key"));
                StagingArea staging = StagingArea.open(hidden.resolve("staging"));
                MetadataStore metadata = new MetadataStore(hidden.resolve("meta"),
                        !sidecarMetadataOnly && userAttributesWork(staging));
                LocalUploadDir dir = new LocalUploadDir(root, staging, new UnfinishedUploads(hidden.resolve("uploads")),
                        metadata, clock);
                dir.abortUnfinishedUploads(unfinishedUploadTtl);
                UploadUrl urls = new SignedUrls(LocalStorageProvider.NAME, ServedUrls.at(baseUrl), signer, clock);
                return new LocalStorage(root, staging, dir, urls);
            } catch (IOException e) {
                throw StorageIOException.during("open the upload directory", directory.toString(), e);
            }
        }
    }
}
