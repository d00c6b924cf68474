package dev.stowage.gcs;

import com.google.auth.Credentials;
import com.google.auth.ServiceAccountSigner;
import com.google.cloud.NoCredentials;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.StorageRetryStrategy;
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
        private Duration connectTimeout = Duration.ofSeconds(20);
        private Duration readTimeout = Duration.ofSeconds(20);
        private Duration requestTimeout = Duration.ofMinutes(5);
        private int maxAttempts = 6;
        private Duration retryDelay;

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

        /**
         * Where a save waits on disk until its last byte arrived (up to 2 GiB of it) and chunks that arrive out of
         * order wait; the temporary folder by default.
         */
        public Builder spoolDir(Path spoolDir) {
            this.spoolDir = Objects.requireNonNull(spoolDir, "spoolDir");
            return this;
        }

        /** How long connecting to GCS may take before the attempt fails (and is retried); 20 seconds by default. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "the connect timeout");
            return this;
        }

        /**
         * How long a connection of the client library (metadata, listing, copies, reads) may stay silent before the
         * attempt fails and is retried, or a read in progress is taken up again; 20 seconds by default.
         */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = positive(readTimeout, "the read timeout");
            return this;
        }

        /**
         * The most one request of a resumable upload may take, its piece sent and the answer received, before it is
         * tried again; 5 minutes by default, enough for a 16 MiB piece at 60 KB/s.
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "the request timeout");
            return this;
        }

        /** How often a call is tried in all (dropped connections, timeouts, 408, 429, 5xx); 6 by default. */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("max attempts must be at least 1: " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The client library's first wait before a retry (its own default, 1 s, unless set): tests shorten it. */
        Builder retryDelay(Duration retryDelay) {
            this.retryDelay = positive(retryDelay, "the retry delay");
            return this;
        }

        private static Duration positive(Duration duration, String what) {
            if (duration == null || duration.isNegative() || duration.isZero() || duration.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(what + " must be more than zero (and under 24 days): " + duration);
            }
            return duration;
        }

        /** The clock for creation times (tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        private com.google.api.gax.retrying.RetrySettings retrySettings() {
            var settings = StorageOptions.getDefaultRetrySettings().toBuilder().setMaxAttempts(maxAttempts);
            if (retryDelay != null) {
                settings.setInitialRetryDelayDuration(retryDelay).setMaxRetryDelayDuration(retryDelay.multipliedBy(4));
            }
            return settings.build();
        }

        /** Opens the backend; no request is sent until the first operation. */
        public GcsStorage open() {
            BucketLocation location = BucketLocation.of(bucket, prefix);
            // Every call Stowage makes may be repeated: its writes are idempotent or conditional, and a repeated
            // conditional write recognizes its own first attempt; so retry all of them, not only the idempotent.
            StorageOptions.Builder options = StorageOptions.http()
                    .setStorageRetryStrategy(StorageRetryStrategy.getUniformStorageRetryStrategy())
                    .setRetrySettings(retrySettings())
                    .setTransportOptions(HttpTransportOptions.newBuilder()
                            .setConnectTimeout((int) connectTimeout.toMillis())
                            .setReadTimeout((int) readTimeout.toMillis()).build());
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
            GcsTransport transport = new GcsTransport(built.getHost(), bucket, used, connectTimeout, requestTimeout,
                    maxAttempts);
            GcsUploadDir dir = new GcsUploadDir(client, transport, location, spoolDir, pieceSize, clock);
            ServedUrls publicUrls = publicBaseUrl == null ? null : ServedUrls.at(publicBaseUrl);
            GcsUrls urls = new GcsUrls(client, dir, location, host, urlSigner, publicUrls, showUrlExpiry);
            List<Capability> can = new ArrayList<>(List.of(Capability.PRESIGNED_PUT, Capability.PRESIGNED_POST_FORM,
                    Capability.PRESIGNED_SIZE_LIMIT, Capability.PRESIGNED_DOWNLOAD, Capability.SERVER_SIDE_COPY,
                    Capability.ATOMIC_CREATE_ONCE, Capability.ATOMIC_MOVE, Capability.LARGE_FILES, Capability.PERSISTENT,
                    Capability.RESUMABLE_UPLOADS));
            if (publicUrls != null) {
                can.add(Capability.PUBLIC_URLS);
            }
            return new GcsStorage(Capabilities.of(can.toArray(Capability[]::new)), client, dir, urls);
        }
    }
}
