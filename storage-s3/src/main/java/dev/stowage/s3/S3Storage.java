package dev.stowage.s3;

import dev.stowage.api.BackendUnavailableException;
import dev.stowage.api.Capabilities;
import dev.stowage.api.Capability;
import dev.stowage.api.StorageIOException;
import dev.stowage.api.UploadDir;
import dev.stowage.api.UploadUrl;
import dev.stowage.api.spi.AbstractStorage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 backend: files as objects in one bucket under an optional key prefix, on AWS or any S3-compatible
 * service (MinIO, LocalStack, S3Proxy...). The library talks to {@code endpoint}; URLs handed to browsers are
 * signed for {@code public-endpoint}, so a server inside a container network can hand out reachable URLs.
 * Calls are retried with backoff on throttling (503 SlowDown) and dropped connections. Parts of uploads wait in
 * a spool folder on disk, removed on close. Unfinished chunked uploads live in the bucket, so any instance
 * resumes them; {@link UploadDir#abortUnfinishedUploads} reclaims them and whatever a crashed process left.
 */
public final class S3Storage extends AbstractStorage {
    private final S3Client client;
    private final S3Presigner presigner;
    private final S3Bucket bucket;
    private final S3UploadDir uploads;

    private S3Storage(S3Client client, S3Presigner presigner, S3Bucket bucket, S3UploadDir dir, S3Urls urls,
            Capabilities capabilities) {
        super(S3StorageProvider.NAME, capabilities, dir, urls);
        this.client = client;
        this.presigner = presigner;
        this.bucket = bucket;
        this.uploads = dir;
    }

    /** A builder for the backend on {@code bucket}. */
    public static Builder builder(String bucket) {
        return new Builder(bucket);
    }

    /** The bucket's name. */
    public String bucket() {
        return bucket.bucket();
    }

    /** The key prefix every name is stored under: empty, or ending in {@code /}. */
    public String prefix() {
        return bucket.keys().prefix();
    }

    /** The SDK client this backend talks through, for what Stowage does not cover. */
    public S3Client client() {
        return client;
    }

    /**
     * Whether {@code e} is an answer the SDK could not read because it was cut short (a body that ended or broke
     * off inside its XML), which the SDK's own conditions do not retry. Every call Stowage makes may be repeated:
     * its writes are idempotent or conditional, and a repeated create-once write recognizes its own first attempt.
     */
    private static boolean isCutShort(Throwable e) {
        if (!(e instanceof SdkClientException)) {
            return false;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof javax.xml.stream.XMLStreamException
                    || cause.getMessage() != null && cause.getMessage().startsWith("Could not parse XML response")) {
                return true;
            }
        }
        return false;
    }

    /** Aborts unfinished chunk sinks, releases the client and threads and removes the spool folder. */
    @Override
    public void close() {
        uploads.abortOpenSinks();
        bucket.pool().shutdownNow();
        presigner.close();
        client.close();
        try (Stream<Path> files = Files.walk(bucket.spool())) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw StorageIOException.during("remove the spool folder", bucket.spool().toString(), e);
        }
    }

    /**
     * Builds an {@link S3Storage}. Only the bucket is required; the region defaults to the SDK's region chain
     * (or {@code us-east-1} with a custom endpoint), credentials to the SDK's default chain.
     */
    public static final class Builder {
        /** S3's limit on one PutObject. */
        private static final long MAX_SINGLE_PUT = 5L * 1024 * 1024 * 1024;

        private final String bucket;
        private String prefix = "";
        private Region region;
        private URI endpoint;
        private URI publicEndpoint;
        private boolean pathStyle;
        private AwsCredentialsProvider credentials;
        private boolean publicBucket;
        private String publicBaseUrl;
        private Duration urlExpiry = Duration.ofHours(1);
        private long partSize = 8L * 1024 * 1024;
        private long singlePutLimit = -1;
        private int concurrency = 4;
        private int maxAttempts = 5;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration socketTimeout = Duration.ofSeconds(30);
        private boolean createBucket;
        private boolean sendChecksums = true;
        private Path spoolDir;
        private long singleCopyLimit = ServerSideCopy.SINGLE_COPY_LIMIT;
        private Clock clock = Clock.systemUTC();

        private Builder(String bucket) {
            this.bucket = Objects.requireNonNull(bucket, "bucket");
        }

        /** The key prefix files are stored under ({@code uploads/}); none by default. */
        public Builder prefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /** The bucket's region. */
        public Builder region(Region region) {
            this.region = region;
            return this;
        }

        /** Where the library talks to S3, for S3-compatible services; AWS's endpoint by default. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** The S3 host a browser reaches, used for every URL handed out; the endpoint by default. */
        public Builder publicEndpoint(URI publicEndpoint) {
            this.publicEndpoint = publicEndpoint;
            return this;
        }

        /** Path-style URLs ({@code host/bucket/key}) instead of virtual-hosted ones ({@code bucket.host/key}). */
        public Builder pathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
            return this;
        }

        /** The credentials; the SDK's default chain (environment, profile, instance role...) by default. */
        public Builder credentials(AwsCredentialsProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        /** Whether objects are publicly readable, so {@link UploadUrl#of} gives plain URLs; false by default. */
        public Builder publicBucket(boolean publicBucket) {
            this.publicBucket = publicBucket;
            return this;
        }

        /** The base of plain URLs of stored files, such as a CDN; implies a public bucket. */
        public Builder publicBaseUrl(String publicBaseUrl) {
            this.publicBaseUrl = publicBaseUrl;
            return this;
        }

        /** How long the presigned GET of {@link UploadUrl#of} lasts on a private bucket; one hour by default. */
        public Builder urlExpiry(Duration urlExpiry) {
            this.urlExpiry = Objects.requireNonNull(urlExpiry, "urlExpiry");
            return this;
        }

        /** The part size of multipart uploads, at least 5 MiB; 8 MiB by default. */
        public Builder partSize(long partSize) {
            if (partSize < S3Bucket.MIN_PART_SIZE) {
                throw new IllegalArgumentException("the part size must be at least 5 MiB (" + S3Bucket.MIN_PART_SIZE
                        + " bytes): " + partSize);
            }
            this.partSize = partSize;
            return this;
        }

        /**
         * The largest save sent as one PutObject from its spool file; a larger one goes up as a multipart upload,
         * its parts in parallel. One request costs the server one write, where parts cost a write each and one
         * more to join them (S3Proxy's filesystem store rewrites the whole object); parts win on long, slow links.
         * At most 5 GiB (S3's limit); the part size by default.
         */
        public Builder singlePutLimit(long singlePutLimit) {
            if (singlePutLimit < 0 || singlePutLimit > MAX_SINGLE_PUT) {
                throw new IllegalArgumentException("the single-PutObject limit must be between 0 and 5 GiB ("
                        + MAX_SINGLE_PUT + " bytes): " + singlePutLimit);
            }
            this.singlePutLimit = singlePutLimit;
            return this;
        }

        /** How many parts of one upload go up at once; 4 by default. */
        public Builder uploadConcurrency(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("the upload concurrency must be at least 1: " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        /** How often a call is tried in all (throttling, dropped connections, 5xx); 5 by default. */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("max attempts must be at least 1: " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** How long connecting to S3 may take before the attempt fails (and is retried); 10 seconds by default. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "the connect timeout");
            return this;
        }

        /**
         * How long a connection may stay silent, sending or receiving, before the attempt fails (and is retried, or
         * a read in progress is taken up again): it catches a stalled connection, not a slow one; 30 seconds by
         * default.
         */
        public Builder socketTimeout(Duration socketTimeout) {
            this.socketTimeout = positive(socketTimeout, "the socket timeout");
            return this;
        }

        private static Duration positive(Duration duration, String what) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(what + " must be more than zero: " + duration);
            }
            return duration;
        }

        /** Whether to create the bucket when it does not exist (for tests and development); false by default. */
        public Builder createBucket(boolean createBucket) {
            this.createBucket = createBucket;
            return this;
        }

        /**
         * Whether single-request uploads send the CRC32C of their bytes ({@code x-amz-checksum-crc32c}) for S3 to
         * check; true by default.
         */
        public Builder sendChecksums(boolean sendChecksums) {
            this.sendChecksums = sendChecksums;
            return this;
        }

        /**
         * The folder under which the spool folder is made, where a save waits whole (hashed) before it is sent and
         * chunks wait for their part; the system temp folder by default.
         */
        public Builder spoolDir(Path spoolDir) {
            this.spoolDir = spoolDir;
            return this;
        }

        /** Objects larger than this are copied in parts (tests lower it; S3's own limit is 5 GiB). */
        Builder singleCopyLimit(long singleCopyLimit) {
            this.singleCopyLimit = singleCopyLimit;
            return this;
        }

        /** The clock for creation times and URL expiry (tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Connects, checks the bucket can be reached (creating it when asked) and opens the backend.
         *
         * @throws BackendUnavailableException when the bucket cannot be reached
         */
        public S3Storage open() {
            Region resolvedRegion = region != null ? region : endpoint != null ? Region.US_EAST_1
                    : new software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain().getRegion();
            AwsCredentialsProvider provider = credentials != null ? credentials
                    : DefaultCredentialsProvider.builder().build();
            URI browserEndpoint = publicEndpoint != null ? publicEndpoint : endpoint;
            var clientBuilder = S3Client.builder().region(resolvedRegion).credentialsProvider(provider)
                    .httpClientBuilder(Apache5HttpClient.builder().maxConnections(Math.max(50, concurrency * 4))
                            .connectionTimeout(connectTimeout).socketTimeout(socketTimeout))
                    .forcePathStyle(pathStyle)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(maxAttempts).retryOnException(S3Storage::isCutShort).build()));
            var presignerBuilder = S3Presigner.builder().region(resolvedRegion).credentialsProvider(provider)
                    .serviceConfiguration(presignerConfiguration(pathStyle));
            if (endpoint != null) {
                clientBuilder.endpointOverride(endpoint);
            }
            if (browserEndpoint != null) {
                presignerBuilder.endpointOverride(browserEndpoint);
            }
            S3Client client = clientBuilder.build();
            S3Presigner presigner = presignerBuilder.build();
            ExecutorService pool = null;
            try {
                checkBucket(client);
                Path spool = Files.createTempDirectory(spoolDir != null ? Files.createDirectories(spoolDir)
                        : Path.of(System.getProperty("java.io.tmpdir")), "stowage-s3-");
                pool = Executors.newCachedThreadPool(daemonThreads());
                S3Bucket where = new S3Bucket(client, bucket, new S3Keys(prefix), partSize, concurrency, pool, spool,
                        clock);
                S3UploadDir dir = new S3UploadDir(where, new ServerSideCopy(where, singleCopyLimit), sendChecksums,
                        singlePutLimit >= 0 ? singlePutLimit : partSize);
                URI bucketUrl = bucketUrl(browserEndpoint, resolvedRegion);
                String plainBase = publicBaseUrl != null ? stripSlash(publicBaseUrl)
                        : publicBucket ? stripSlash(bucketUrl.toString()) : null;
                S3Urls urls = new S3Urls(bucket, where.keys(), presigner, provider, resolvedRegion.id(), bucketUrl,
                        plainBase, urlExpiry, clock);
                Set<Capability> can = EnumSet.of(Capability.PRESIGNED_PUT, Capability.PRESIGNED_POST_FORM,
                        Capability.PRESIGNED_DOWNLOAD, Capability.SERVER_SIDE_COPY, Capability.ATOMIC_CREATE_ONCE,
                        Capability.LARGE_FILES, Capability.PERSISTENT, Capability.RESUMABLE_UPLOADS);
                if (plainBase != null) {
                    can.add(Capability.PUBLIC_URLS);
                }
                return new S3Storage(client, presigner, where, dir, urls, new Capabilities(can));
            } catch (IOException e) {
                close(client, presigner, pool);
                throw StorageIOException.during("make a spool folder for", bucket, e);
            } catch (RuntimeException e) {
                close(client, presigner, pool);
                throw e;
            }
        }

        private void checkBucket(S3Client client) {
            try {
                client.headBucket(b -> b.bucket(bucket));
            } catch (SdkException e) {
                if (createBucket && S3Bucket.isNotFound(e)) {
                    try {
                        client.createBucket(b -> b.bucket(bucket));
                        return;
                    } catch (SdkException createFailed) {
                        e.addSuppressed(createFailed);
                    }
                }
                throw BackendUnavailableException.because(S3StorageProvider.NAME, null, "bucket " + bucket
                        + " cannot be reached" + (endpoint != null ? " at " + endpoint : "") + ": " + e.getMessage(), e);
            }
        }

        private URI bucketUrl(URI browserEndpoint, Region region) {
            if (browserEndpoint == null) {
                return URI.create("https://" + bucket + ".s3." + region.id() + ".amazonaws.com/");
            }
            String base = stripSlash(browserEndpoint.toString());
            if (pathStyle) {
                return URI.create(base + "/" + bucket + "/");
            }
            return URI.create(browserEndpoint.getScheme() + "://" + bucket + "." + browserEndpoint.getRawAuthority()
                    + "/");
        }

        private static String stripSlash(String url) {
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }

        private static java.util.concurrent.ThreadFactory daemonThreads() {
            AtomicInteger count = new AtomicInteger();
            return task -> {
                Thread thread = new Thread(task, "stowage-s3-part-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }

        /**
         * The presigner's S3 settings, with the ARN-region and multi-region settings the SDK reads from system
         * properties, the environment and the profile file resolved here, once, as a client resolves them when
         * it is built: left unset, the presigner looks them up again for every URL it signs (a tenth of its time).
         */
        static S3Configuration presignerConfiguration(boolean pathStyle) {
            S3Configuration fromEnvironment = S3Configuration.builder().build();
            return S3Configuration.builder().pathStyleAccessEnabled(pathStyle)
                    .useArnRegionEnabled(fromEnvironment.useArnRegionEnabled())
                    .multiRegionEnabled(fromEnvironment.multiRegionEnabled()).build();
        }

        private static void close(S3Client client, S3Presigner presigner, ExecutorService pool) {
            if (pool != null) {
                pool.shutdownNow();
            }
            presigner.close();
            client.close();
        }
    }
}
