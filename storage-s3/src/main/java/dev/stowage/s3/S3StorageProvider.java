package dev.stowage.s3;

import dev.stowage.api.ConfigurationException;
import dev.stowage.api.Storage;
import dev.stowage.api.StowageConfig;
import dev.stowage.api.spi.StorageProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Opens the S3 backend for {@code stowage.backend=s3} from the {@code stowage.s3.*} keys (or
 * {@code stowage.uri=s3://bucket/prefix?region=...&endpoint=...&path-style=true}). Every value is checked before
 * anything connects, and a bad or missing one fails naming its key; secrets never appear in messages.
 */
public final class S3StorageProvider implements StorageProvider {
    /** The backend's name in configuration. */
    public static final String NAME = "s3";
    /** The bucket (required). */
    public static final String BUCKET = "stowage.s3.bucket";
    /** The key prefix files are stored under. */
    public static final String PREFIX = "stowage.s3.prefix";
    /** The bucket's region. */
    public static final String REGION = "stowage.s3.region";
    /** Where the library talks to S3. */
    public static final String ENDPOINT = "stowage.s3.endpoint";
    /** The S3 host a browser reaches, for URLs handed out. */
    public static final String PUBLIC_ENDPOINT = "stowage.s3.public-endpoint";
    /** Path-style URLs. */
    public static final String PATH_STYLE = "stowage.s3.path-style";
    /** An access key id; with the secret, replaces the SDK's credential chain. */
    public static final String ACCESS_KEY_ID = "stowage.s3.access-key-id";
    /** The secret access key that goes with the access key id. */
    public static final String SECRET_ACCESS_KEY = "stowage.s3.secret-access-key";
    /** A session token for temporary credentials. */
    public static final String SESSION_TOKEN = "stowage.s3.session-token";
    /** Whether objects are publicly readable. */
    public static final String PUBLIC = "stowage.s3.public";
    /** The base of plain public URLs (a CDN). */
    public static final String PUBLIC_BASE_URL = "stowage.s3.public-base-url";
    /** How long the presigned GET of a private bucket's file URL lasts. */
    public static final String URL_EXPIRY = "stowage.s3.url-expiry";
    /** The part size of multipart uploads. */
    public static final String PART_SIZE = "stowage.s3.part-size";
    /** The largest save sent as one PutObject. */
    public static final String SINGLE_PUT_LIMIT = "stowage.s3.single-put-limit";
    /** Parts of one upload sent at once. */
    public static final String UPLOAD_CONCURRENCY = "stowage.s3.upload-concurrency";
    /** Attempts per call, retries included. */
    public static final String MAX_ATTEMPTS = "stowage.s3.max-attempts";
    /** How long connecting may take. */
    public static final String CONNECT_TIMEOUT = "stowage.s3.connect-timeout";
    /** How long a connection may stay silent before the attempt fails. */
    public static final String SOCKET_TIMEOUT = "stowage.s3.socket-timeout";
    /** Create the bucket when missing. */
    public static final String CREATE_BUCKET = "stowage.s3.create-bucket";
    /** Send the CRC32C of each single-request upload for S3 to check. */
    public static final String CHECKSUMS = "stowage.s3.checksums";
    /** Where parts are spooled. */
    public static final String SPOOL_DIR = "stowage.s3.spool-dir";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Storage open(StowageConfig config) {
        String bucket = config.require(BUCKET, "set it to the name of the bucket, or set stowage.uri=s3://bucket");
        if (!bucket.matches("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]")) {
            throw config.invalid(BUCKET, "not a bucket name: 3 to 63 lower-case letters, digits, dots and hyphens");
        }
        S3Storage.Builder builder = S3Storage.builder(bucket).prefix(config.get(PREFIX, ""));
        Optional<URI> endpoint = config.get(ENDPOINT).map(value -> httpUri(config, ENDPOINT, value));
        endpoint.ifPresent(builder::endpoint);
        config.get(PUBLIC_ENDPOINT).map(value -> httpUri(config, PUBLIC_ENDPOINT, value))
                .ifPresent(builder::publicEndpoint);
        builder.region(region(config, endpoint.isPresent()));
        builder.pathStyle(config.getBoolean(PATH_STYLE, false));
        Optional<String> keyId = config.get(ACCESS_KEY_ID);
        Optional<String> secret = config.get(SECRET_ACCESS_KEY);
        if (keyId.isPresent() != secret.isPresent()) {
            String missing = keyId.isPresent() ? SECRET_ACCESS_KEY : ACCESS_KEY_ID;
            throw ConfigurationException.missing(missing, "set both " + ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY
                    + ", or neither to use the AWS SDK's default credential chain");
        }
        if (keyId.isPresent()) {
            Optional<String> token = config.get(SESSION_TOKEN);
            builder.credentials(StaticCredentialsProvider.create(token.isPresent()
                    ? AwsSessionCredentials.create(keyId.get(), secret.get(), token.get())
                    : AwsBasicCredentials.create(keyId.get(), secret.get())));
        }
        builder.publicBucket(config.getBoolean(PUBLIC, false));
        config.get(PUBLIC_BASE_URL).map(value -> httpUri(config, PUBLIC_BASE_URL, value).toString())
                .ifPresent(builder::publicBaseUrl);
        Duration expiry = config.getDuration(URL_EXPIRY, Duration.ofHours(1));
        if (expiry.isZero() || expiry.compareTo(Duration.ofDays(7)) > 0) {
            throw config.invalid(URL_EXPIRY, "must be more than zero and at most 7 days (S3's limit)");
        }
        builder.urlExpiry(expiry);
        apply(config, PART_SIZE, () -> builder.partSize(config.getSize(PART_SIZE, 8L * 1024 * 1024)));
        if (config.get(SINGLE_PUT_LIMIT).isPresent()) {
            apply(config, SINGLE_PUT_LIMIT, () -> builder.singlePutLimit(config.getSize(SINGLE_PUT_LIMIT, 0)));
        }
        apply(config, UPLOAD_CONCURRENCY, () -> builder.uploadConcurrency(config.getInt(UPLOAD_CONCURRENCY, 4)));
        apply(config, MAX_ATTEMPTS, () -> builder.maxAttempts(config.getInt(MAX_ATTEMPTS, 5)));
        apply(config, CONNECT_TIMEOUT, () -> builder.connectTimeout(config.getDuration(CONNECT_TIMEOUT,
                Duration.ofSeconds(10))));
        apply(config, SOCKET_TIMEOUT, () -> builder.socketTimeout(config.getDuration(SOCKET_TIMEOUT,
                Duration.ofSeconds(30))));
        builder.createBucket(config.getBoolean(CREATE_BUCKET, false));
        builder.sendChecksums(config.getBoolean(CHECKSUMS, true));
        config.get(SPOOL_DIR).ifPresent(dir -> builder.spoolDir(config.getPath(SPOOL_DIR, null)));
        return builder.open();
    }

    private static Region region(StowageConfig config, boolean customEndpoint) {
        Optional<String> region = config.get(REGION);
        if (region.isPresent()) {
            if (!region.get().matches("[a-z0-9][a-z0-9-]*")) {
                throw config.invalid(REGION, "not a region name such as eu-west-1");
            }
            return Region.of(region.get());
        }
        if (customEndpoint) {
            return Region.US_EAST_1;
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            throw ConfigurationException.missing(REGION, "set it to the bucket's region, such as eu-west-1 (or set"
                    + " AWS_REGION)");
        }
    }

    private static URI httpUri(StowageConfig config, String key, String value) {
        try {
            URI uri = new URI(value.trim());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw config.invalid(key, "expected an http:// or https:// URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw config.invalid(key, "not a valid URL (" + e.getReason() + ")");
        }
    }

    /** Runs a builder call for {@code key}, turning its refusal of the value into an error naming the key. */
    private static void apply(StowageConfig config, String key, Runnable call) {
        try {
            call.run();
        } catch (IllegalArgumentException e) {
            throw config.invalid(key, e.getMessage());
        }
    }
}
