package dev.stowage.gcs;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import dev.stowage.api.ConfigurationException;
import dev.stowage.api.Storage;
import dev.stowage.api.StowageConfig;
import dev.stowage.api.spi.ServedUrls;
import dev.stowage.api.spi.StorageProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens the GCS backend for {@code stowage.backend=gcs} (or {@code stowage.uri=gs://bucket/prefix}) from the
 * {@code stowage.gcs.*} keys; a bad value fails naming its key.
 */
public final class GcsStorageProvider implements StorageProvider {
    /** The backend's name in configuration. */
    public static final String NAME = "gcs";
    /** The bucket (required). */
    public static final String BUCKET = "stowage.gcs.bucket";
    /** The key prefix files live under (optional). */
    public static final String PREFIX = "stowage.gcs.prefix";
    /** The project billed for requests (optional). */
    public static final String PROJECT_ID = "stowage.gcs.project-id";
    /** A service-account JSON key file; without it, Application Default Credentials. */
    public static final String CREDENTIALS_FILE = "stowage.gcs.credentials-file";
    /** {@code true} to send requests without credentials (emulators); the key file then only signs URLs. */
    public static final String ANONYMOUS = "stowage.gcs.anonymous";
    /** Another endpoint than GCS, such as an emulator's {@code http://127.0.0.1:4443}. */
    public static final String HOST = "stowage.gcs.host";
    /** The size of the pieces sent to resumable sessions: a multiple of 256 KiB (default 16MiB). */
    public static final String PIECE_SIZE = "stowage.gcs.upload-piece-size";
    /** The URL the bucket is served under publicly, for plain file URLs (optional). */
    public static final String PUBLIC_BASE_URL = "stowage.gcs.public-base-url";
    /** How long the signed GETs given as file URLs are valid (default 1h). */
    public static final String URL_EXPIRY = "stowage.gcs.url-expiry";
    /** How long connecting may take (default 20s). */
    public static final String CONNECT_TIMEOUT = "stowage.gcs.connect-timeout";
    /** How long a connection may stay silent before the attempt fails (default 20s). */
    public static final String READ_TIMEOUT = "stowage.gcs.read-timeout";
    /** The most one request of a resumable upload may take (default 5m). */
    public static final String REQUEST_TIMEOUT = "stowage.gcs.request-timeout";
    /** Attempts per call, retries included (default 6). */
    public static final String MAX_ATTEMPTS = "stowage.gcs.max-attempts";
    /** Where out-of-order chunks wait on disk (default the temporary folder). */
    public static final String SPOOL_DIR = "stowage.gcs.spool-dir";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Storage open(StowageConfig config) {
        String bucket = config.require(BUCKET, "set it to the name of the GCS bucket, or set stowage.uri="
                + "gs://bucket/prefix").trim();
        if (!bucket.matches("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]")) {
            throw config.invalid(BUCKET, "not a GCS bucket name (3-222 lowercase letters, digits, '-', '_' and '.')");
        }
        GcsStorage.Builder builder = GcsStorage.builder(bucket);
        config.get(PREFIX).ifPresent(prefix -> {
            try {
                BucketLocation.of(bucket, prefix.trim());
            } catch (RuntimeException e) {
                throw config.invalid(PREFIX, e.getMessage());
            }
            builder.prefix(prefix.trim());
        });
        config.get(PROJECT_ID).ifPresent(project -> builder.projectId(project.trim()));
        config.get(HOST).ifPresent(host -> {
            URI uri;
            try {
                uri = URI.create(host.trim());
            } catch (IllegalArgumentException e) {
                throw config.invalid(HOST, "not a URL: " + e.getMessage());
            }
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw config.invalid(HOST, "expected http(s)://host[:port], such as http://127.0.0.1:4443");
            }
            builder.host(host.trim().replaceAll("/+$", ""));
        });
        GoogleCredentials fileCredentials = config.get(CREDENTIALS_FILE).map(file -> credentials(config, file.trim()))
                .orElse(null);
        if (config.getBoolean(ANONYMOUS, false)) {
            builder.credentials(NoCredentials.getInstance());
            if (fileCredentials instanceof com.google.auth.ServiceAccountSigner signer) {
                builder.signer(signer);
            }
        } else if (fileCredentials != null) {
            builder.credentials(fileCredentials);
        }
        long pieceSize = config.getSize(PIECE_SIZE, GcsStorage.DEFAULT_PIECE_SIZE);
        try {
            builder.pieceSize(Math.toIntExact(pieceSize));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw config.invalid(PIECE_SIZE, "expected a multiple of 256KiB below 2GiB, such as 16MiB");
        }
        config.get(PUBLIC_BASE_URL).ifPresent(url -> {
            try {
                ServedUrls.at(url.trim());
            } catch (IllegalArgumentException e) {
                throw config.invalid(PUBLIC_BASE_URL, e.getMessage());
            }
            builder.publicBaseUrl(url.trim());
        });
        Duration expiry = config.getDuration(URL_EXPIRY, Duration.ofHours(1));
        if (expiry.isZero() || expiry.compareTo(Duration.ofDays(7)) > 0) {
            throw config.invalid(URL_EXPIRY, "a signed URL is valid for more than zero and at most 7 days");
        }
        builder.showUrlExpiry(expiry);
        apply(config, CONNECT_TIMEOUT, () -> builder.connectTimeout(config.getDuration(CONNECT_TIMEOUT,
                Duration.ofSeconds(20))));
        apply(config, READ_TIMEOUT, () -> builder.readTimeout(config.getDuration(READ_TIMEOUT,
                Duration.ofSeconds(20))));
        apply(config, REQUEST_TIMEOUT, () -> builder.requestTimeout(config.getDuration(REQUEST_TIMEOUT,
                Duration.ofMinutes(5))));
        apply(config, MAX_ATTEMPTS, () -> builder.maxAttempts(config.getInt(MAX_ATTEMPTS, 6)));
        config.get(SPOOL_DIR).ifPresent(dir -> builder.spoolDir(config.getPath(SPOOL_DIR, null)));
        return builder.open();
    }

    /** Runs a builder call for {@code key}, turning its refusal of the value into an error naming the key. */
    private static void apply(StowageConfig config, String key, Runnable call) {
        try {
            call.run();
        } catch (IllegalArgumentException e) {
            throw config.invalid(key, e.getMessage());
        }
    }

    private static GoogleCredentials credentials(StowageConfig config, String file) {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            return GoogleCredentials.fromStream(in);
        } catch (IOException | RuntimeException e) {
            throw config.invalid(CREDENTIALS_FILE, "cannot be read as a Google credentials JSON file (" + e.getMessage()
                    + "); download a service-account key in JSON from the Google Cloud console");
        }
    }
}
