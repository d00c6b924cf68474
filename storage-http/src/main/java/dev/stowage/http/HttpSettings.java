package dev.stowage.http;

import dev.stowage.api.StowageConfig;
import dev.stowage.api.spi.ServedUrls;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the HTTP face behaves: where it serves files, the limits it puts on uploads, which origins may call it
 * from a browser and which optional endpoints are on. Immutable; read from the {@code stowage.http.*} keys
 * with {@link #from(StowageConfig)} or build with {@link #builder()}.
 *
 * @param prefix             the path stored files are served and uploaded under, e.g. {@code /_upload}
 * @param maxFileSize        the most bytes one uploaded file may have
 * @param maxRequestSize     the most bytes one multipart request may have, all parts together
 * @param maxParts           the most parts one multipart request may have
 * @param maxPartHeaderBytes the most bytes of headers one multipart part may have
 * @param allowedTypes       content types multipart uploads may have ({@code image/*} patterns); empty allows any
 * @param maxRanges          the most byte ranges one request may ask for; a request for more gets the whole file
 * @param corsOrigins        origins ({@code https://app.example.com}) browsers may call from; empty allows none
 * @param corsMaxAge         how long browsers may cache a preflight answer
 * @param uploadUrlEndpoint  whether {@code POST /_stowage/upload-url} mints presigned uploads for anyone who asks
 * @param redirectDownloads  whether downloads from a cloud backend answer 302 to a presigned GET
 * @param unfinishedUploadTtl how long an unfinished tus upload is kept for a resume ({@code Upload-Expires});
 *                           older ones are removed by {@link dev.stowage.api.UploadDir#abortUnfinishedUploads}
 * @param resumableThreshold the size from which the upload page sends a file through tus instead of multipart
 */
public record HttpSettings(String prefix, long maxFileSize, long maxRequestSize, int maxParts,
                           int maxPartHeaderBytes, Set<String> allowedTypes, int maxRanges, Set<String> corsOrigins,
                           Duration corsMaxAge, boolean uploadUrlEndpoint, boolean redirectDownloads,
                           Duration unfinishedUploadTtl, long resumableThreshold) {
    /** Key of {@link #prefix()}. */
    public static final String PREFIX = "stowage.http.prefix";
    /** Key of {@link #maxFileSize()}. */
    public static final String MAX_FILE_SIZE = "stowage.http.max-file-size";
    /** Key of {@link #maxRequestSize()}. */
    public static final String MAX_REQUEST_SIZE = "stowage.http.max-request-size";
    /** Key of {@link #maxParts()}. */
    public static final String MAX_PARTS = "stowage.http.max-parts";
    /** Key of {@link #maxPartHeaderBytes()}. */
    public static final String MAX_PART_HEADER_SIZE = "stowage.http.max-part-header-size";
    /** Key of {@link #allowedTypes()}: comma-separated. */
    public static final String ALLOWED_TYPES = "stowage.http.allowed-types";
    /** Key of {@link #maxRanges()}. */
    public static final String MAX_RANGES = "stowage.http.max-ranges";
    /** Key of {@link #corsOrigins()}: comma-separated. */
    public static final String CORS_ORIGINS = "stowage.http.cors-origins";
    /** Key of {@link #corsMaxAge()}. */
    public static final String CORS_MAX_AGE = "stowage.http.cors-max-age";
    /** Key of {@link #uploadUrlEndpoint()}. */
    public static final String UPLOAD_URL_ENDPOINT = "stowage.http.upload-url-endpoint";
    /** Key of {@link #redirectDownloads()}. */
    public static final String REDIRECT_DOWNLOADS = "stowage.http.redirect-downloads";
    /** Key of {@link #unfinishedUploadTtl()}: shared with the backends, which remove old unfinished uploads. */
    public static final String UNFINISHED_UPLOAD_TTL = StowageConfig.UNFINISHED_UPLOAD_TTL;
    /** Key of {@link #resumableThreshold()}. */
    public static final String RESUMABLE_THRESHOLD = "stowage.http.resumable-threshold";

    public HttpSettings {
        ServedUrls.at(Objects.requireNonNull(prefix, "prefix"));
        if (prefix.startsWith("http") || prefix.equals("/")) {
            throw new IllegalArgumentException("The HTTP prefix must be a path below the root such as /_upload: '"
                    + prefix + "'");
        }
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (maxFileSize < 1 || maxRequestSize < 1 || maxParts < 1 || maxPartHeaderBytes < 64 || maxRanges < 1
                || resumableThreshold < 1) {
            throw new IllegalArgumentException("HTTP limits must be positive (part headers at least 64 bytes)");
        }
        if (Objects.requireNonNull(unfinishedUploadTtl, "unfinishedUploadTtl").isNegative() || unfinishedUploadTtl.isZero()) {
            throw new IllegalArgumentException("The unfinished upload TTL must be positive: " + unfinishedUploadTtl);
        }
        allowedTypes = Set.copyOf(allowedTypes);
        corsOrigins = Set.copyOf(corsOrigins);
        Objects.requireNonNull(corsMaxAge, "corsMaxAge");
    }

    /**
     * The defaults: {@code /_upload}, 1 GiB files and requests, 100 parts, 16 KiB part headers, 16 ranges,
     * unfinished uploads kept 24 hours, files from 8 MiB uploaded by the page through tus.
     */
    public static HttpSettings defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The settings the {@code stowage.http.*} keys of {@code config} give, {@link #defaults()} for keys not set.
     * {@code stowage.http.prefix} defaults to the path of {@code stowage.base-url}, so files are served where the
     * backend's URLs point; {@code stowage.http.upload-url-endpoint} defaults to {@code uploadUrlEndpointDefault}.
     *
     * @throws dev.stowage.api.ConfigurationException naming the key of a bad value
     */
    public static HttpSettings from(StowageConfig config, boolean uploadUrlEndpointDefault) {
        HttpSettings d = defaults();
        String basePath = config.get(StowageConfig.BASE_URL).map(url -> ServedUrls.at(url).basePath()).orElse("");
        return new HttpSettings(config.get(PREFIX, basePath.isEmpty() ? d.prefix() : basePath),
                config.getSize(MAX_FILE_SIZE, d.maxFileSize()), config.getSize(MAX_REQUEST_SIZE, d.maxRequestSize()),
                config.getInt(MAX_PARTS, d.maxParts()),
                (int) Math.min(Integer.MAX_VALUE, config.getSize(MAX_PART_HEADER_SIZE, d.maxPartHeaderBytes())),
                list(config.get(ALLOWED_TYPES, "")), config.getInt(MAX_RANGES, d.maxRanges()),
                list(config.get(CORS_ORIGINS, "")), config.getDuration(CORS_MAX_AGE, d.corsMaxAge()),
                config.getBoolean(UPLOAD_URL_ENDPOINT, uploadUrlEndpointDefault),
                config.getBoolean(REDIRECT_DOWNLOADS, d.redirectDownloads()),
                config.getDuration(UNFINISHED_UPLOAD_TTL, d.unfinishedUploadTtl()),
                config.getSize(RESUMABLE_THRESHOLD, d.resumableThreshold()));
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.prefix = prefix;
        b.maxFileSize = maxFileSize;
        b.maxRequestSize = maxRequestSize;
        b.maxParts = maxParts;
        b.maxPartHeaderBytes = maxPartHeaderBytes;
        b.allowedTypes = allowedTypes;
        b.maxRanges = maxRanges;
        b.corsOrigins = corsOrigins;
        b.corsMaxAge = corsMaxAge;
        b.uploadUrlEndpoint = uploadUrlEndpoint;
        b.redirectDownloads = redirectDownloads;
        b.unfinishedUploadTtl = unfinishedUploadTtl;
        b.resumableThreshold = resumableThreshold;
        return b;
    }

    private static Set<String> list(String commaSeparated) {
        return Set.copyOf(Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList());
    }

    /** Builds {@link HttpSettings}. */
    public static final class Builder {
        private String prefix = ServedUrls.DEFAULT_BASE_URL;
        private long maxFileSize = 1L << 30;
        private long maxRequestSize = 1L << 30;
        private int maxParts = 100;
        private int maxPartHeaderBytes = 16 * 1024;
        private Set<String> allowedTypes = Set.of();
        private int maxRanges = 16;
        private Set<String> corsOrigins = Set.of();
        private Duration corsMaxAge = Duration.ofHours(1);
        private boolean uploadUrlEndpoint;
        private boolean redirectDownloads;
        private Duration unfinishedUploadTtl = Duration.ofHours(24);
        private long resumableThreshold = 8L << 20;

        private Builder() {
        }

        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        public Builder maxFileSize(long maxFileSize) {
            this.maxFileSize = maxFileSize;
            return this;
        }

        public Builder maxRequestSize(long maxRequestSize) {
            this.maxRequestSize = maxRequestSize;
            return this;
        }

        public Builder maxParts(int maxParts) {
            this.maxParts = maxParts;
            return this;
        }

        public Builder maxPartHeaderBytes(int maxPartHeaderBytes) {
            this.maxPartHeaderBytes = maxPartHeaderBytes;
            return this;
        }

        public Builder allowedTypes(String... patterns) {
            this.allowedTypes = Set.copyOf(List.of(patterns));
            return this;
        }

        public Builder maxRanges(int maxRanges) {
            this.maxRanges = maxRanges;
            return this;
        }

        public Builder corsOrigins(String... origins) {
            this.corsOrigins = Set.copyOf(List.of(origins));
            return this;
        }

        public Builder corsMaxAge(Duration corsMaxAge) {
            this.corsMaxAge = corsMaxAge;
            return this;
        }

        public Builder uploadUrlEndpoint(boolean on) {
            this.uploadUrlEndpoint = on;
            return this;
        }

        public Builder redirectDownloads(boolean on) {
            this.redirectDownloads = on;
            return this;
        }

        public Builder unfinishedUploadTtl(Duration unfinishedUploadTtl) {
            this.unfinishedUploadTtl = unfinishedUploadTtl;
            return this;
        }

        public Builder resumableThreshold(long resumableThreshold) {
            this.resumableThreshold = resumableThreshold;
            return this;
        }

        public HttpSettings build() {
            return new HttpSettings(prefix, maxFileSize, maxRequestSize, maxParts, maxPartHeaderBytes, allowedTypes,
                    maxRanges, corsOrigins, corsMaxAge, uploadUrlEndpoint, redirectDownloads, unfinishedUploadTtl,
                    resumableThreshold);
        }
    }
}
