package dev.stowage.gcs;

import com.google.auth.Credentials;
import com.google.auth.ServiceAccountSigner;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.StorageOptions;
import dev.stowage.api.Capabilities;
import dev.stowage.api.Capability;
import dev.stowage.api.UploadUrl;
import dev.stowage.api.spi.AbstractStorage;
import dev.stowage.api.spi.ServedUrls;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Google Cloud Storage backend: files are objects in a bucket, under an optional prefix. Uploads stream
 * through resumable sessions, out-of-order chunks wait in a spool on local disk, and URLs are GCS's own
 * (V4-signed, or public when the bucket is served publicly). Works against GCS and against emulators such
 * as fake-gcs-server ({@link Builder#host}).
 */
public final class GcsStorage extends AbstractStorage {
    /** GCS's own endpoint. */
    public static final String DEFAULT_HOST = "https://storage.googleapis.com";
    /** The default size of the pieces sent to a resumable session. */
    public static final int DEFAULT_PIECE_SIZE = 16 * 1024 * 1024;

    private final com.google.cloud.storage.Storage client;
    private final GcsUploadDir uploads;

    private GcsStorage(Capabilities capabilities, com.google.cloud.storage.Storage client, GcsUploadDir dir,
            GcsUrls urls) {
        super(GcsStorageProvider.NAME, capabilities, dir, urls);
        this.client = client;
        this.uploads = dir;
    }

    /** A builder for the backend on {@code bucket}. */
    public static Builder builder(String bucket) {
        return new Builder(bucket);
    }

    /** Aborts the chunk sinks still open in this instance, then closes the client. */
    @Override
    public void close() {
        uploads.abortOpenUploads();
        try {
            client.close();
        } catch (Exception e) {
            throw new IllegalStateException("Could not close the GCS client", e);
        }
    }

    /** Builds a {@link GcsStorage}: bucket, prefix, endpoint, credentials, signer and upload tuning. */
    public static final class Builder {
        private final String bucket;
        private String prefix = "";
        private String host;
        private String projectId;
        private Credentials credentials;
        private ServiceAccountSigner signer;
        private int pieceSize = DEFAULT_PIECE_SIZE;
        private String publicBaseUrl;
        private Duration showUrlExpiry = Duration.ofHours(1);
        private Path spoolDir = Path.of(System.getProperty("java.io.tmpdir"));
        private Clock clock = Clock.systemUTC();

        private Builder(String bucket) {
            this.bucket = Objects.requireNonNull(bucket, "bucket");
        }

        /** The key prefix files live under (default none): {@code tenant/1} stores {@code a.png} as {@code tenant/1/a.png}. */
        public Builder prefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /** Another endpoint than GCS, such as an emulator's {@code http://127.0.0.1:4443}. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The project billed for requests; by default the credentials' or the environment's. */
        public Builder projectId(String projectId) {
            this.projectId = projectId;
            return this;
        }

        /**
         * The credentials requests carry; by default Application Default Credentials. Use
         * {@link NoCredentials#getInstance()} for an emulator.
         */
        public Builder credentials(Credentials credentials) {
            this.credentials = credentials;
            return this;
        }

        /** Signs URLs; by default the credentials, when they can sign (a service account). */
        public Builder signer(ServiceAccountSigner signer) {
            this.signer = signer;
            return this;
        }

        /** The size of the pieces sent to a resumable session: a multiple of 256 KiB; 16 MiB by default. */
        public Builder pieceSize(int pieceSize) {
            if (pieceSize <= 0 || pieceSize % ResumableSession.GRANULE != 0) {
                throw new IllegalArgumentException("The piece size must be a positive multiple of 256 KiB ("
                        + ResumableSession.GRANULE + " bytes), not " + pieceSize);
            }
            this.pieceSize = pieceSize;
            return this;
        }

        /**
         * The URL the bucket is served under publicly (such as {@code https://storage.googleapis.com/bucket} or
         * a CDN's); {@link UploadUrl#of} then gives plain URLs instead of signed GETs.
         */
        public Builder publicBaseUrl(String publicBaseUrl) {
            this.publicBaseUrl = publicBaseUrl;
            return this;
        }

        /** How long the signed GETs of {@link UploadUrl#of} are valid (one hour by default, at most 7 days). */
        public Builder showUrlExpiry(Duration showUrlExpiry) {
            this.showUrlExpiry = Objects.requireNonNull(showUrlExpiry, "showUrlExpiry");
            return this;
        }

        /** Where chunks that arrive out of order wait on disk; the temporary folder by default. */
        public Builder spoolDir(Path spoolDir) {
            this.spoolDir = Objects.requireNonNull(spoolDir, "spoolDir");
            return this;
        }

        /** The clock for creation times (tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Opens the backend; no request is sent until the first operation. */
        public GcsStorage open() {
            BucketLocation location = BucketLocation.of(bucket, prefix);
            StorageOptions.Builder options = StorageOptions.http();
            if (host != null) {
                options.setHost(host);
            }
            if (projectId != null) {
                options.setProjectId(projectId);
            }
            if (credentials != null) {
                options.setCredentials(credentials);
            }
            StorageOptions built = options.build();
            com.google.cloud.storage.Storage client = built.getService();
            Credentials used = built.getCredentials();
            ServiceAccountSigner urlSigner = signer != null ? signer
                    : used instanceof ServiceAccountSigner canSign ? canSign : null;
            GcsTransport transport = new GcsTransport(built.getHost(), bucket, used);
            GcsUploadDir dir = new GcsUploadDir(client, transport, location, spoolDir, pieceSize, clock);
            ServedUrls publicUrls = publicBaseUrl == null ? null : ServedUrls.at(publicBaseUrl);
            GcsUrls urls = new GcsUrls(client, dir, location, host, urlSigner, publicUrls, showUrlExpiry);
            List<Capability> can = new ArrayList<>(List.of(Capability.PRESIGNED_PUT, Capability.PRESIGNED_POST_FORM,
                    Capability.PRESIGNED_SIZE_LIMIT, Capability.PRESIGNED_DOWNLOAD, Capability.SERVER_SIDE_COPY,
                    Capability.ATOMIC_CREATE_ONCE, Capability.LARGE_FILES, Capability.PERSISTENT,
                    Capability.RESUMABLE_UPLOADS));
            if (publicUrls != null) {
                can.add(Capability.PUBLIC_URLS);
            }
            return new GcsStorage(Capabilities.of(can.toArray(Capability[]::new)), client, dir, urls);
        }
    }
}
