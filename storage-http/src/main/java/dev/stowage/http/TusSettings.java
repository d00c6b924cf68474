package dev.stowage.http;

import dev.stowage.api.StowageConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How the tus endpoint behaves: where it is mounted, the largest upload it takes and how long an unfinished
 * upload is kept for a resume. Read from configuration with {@link #from(StowageConfig)}.
 *
 * @param path                the servlet path the endpoint answers under, e.g. {@code /_stowage/tus}
 * @param maxSize             the most bytes one upload may declare ({@code Tus-Max-Size})
 * @param unfinishedUploadTtl how long an unfinished upload is kept ({@code Upload-Expires}); older ones are
 *                            removed by {@link dev.stowage.api.UploadDir#abortUnfinishedUploads}
 */
public record TusSettings(String path, long maxSize, Duration unfinishedUploadTtl) {
    /** Where the endpoint answers by default. */
    public static final String DEFAULT_PATH = "/_stowage/tus";
    /** Key of {@link #maxSize()}: the same limit as every other upload path of the HTTP face. */
    public static final String MAX_SIZE = "stowage.http.max-file-size";
    /** The default {@link #maxSize()}: 1 GiB. */
    public static final long DEFAULT_MAX_SIZE = 1L << 30;
    /** The default {@link #unfinishedUploadTtl()}: 24 hours. */
    public static final Duration DEFAULT_UNFINISHED_UPLOAD_TTL = Duration.ofHours(24);

    public TusSettings {
        Objects.requireNonNull(path, "path");
        if (!path.matches("(/[A-Za-z0-9._~-]+)+")) {
            throw new IllegalArgumentException("The tus path must be a path below the root such as "
                    + DEFAULT_PATH + ", without a trailing slash: '" + path + "'");
        }
        if (maxSize < 1) {
            throw new IllegalArgumentException("The tus maximum upload size must be positive: " + maxSize);
        }
        if (unfinishedUploadTtl.isNegative() || unfinishedUploadTtl.isZero()) {
            throw new IllegalArgumentException("The unfinished upload TTL must be positive: " + unfinishedUploadTtl);
        }
    }

    /** The defaults: {@value #DEFAULT_PATH}, 1 GiB, 24 hours. */
    public static TusSettings defaults() {
        return new TusSettings(DEFAULT_PATH, DEFAULT_MAX_SIZE, DEFAULT_UNFINISHED_UPLOAD_TTL);
    }

    /**
     * The settings {@code config} gives: {@value #MAX_SIZE} and {@link StowageConfig#UNFINISHED_UPLOAD_TTL}, at
     * {@value #DEFAULT_PATH}.
     *
     * @throws dev.stowage.api.ConfigurationException naming the key of a bad value
     */
    public static TusSettings from(StowageConfig config) {
        return new TusSettings(DEFAULT_PATH, config.getSize(MAX_SIZE, DEFAULT_MAX_SIZE),
                config.getDuration(StowageConfig.UNFINISHED_UPLOAD_TTL, DEFAULT_UNFINISHED_UPLOAD_TTL));
    }

    /** These settings with {@code maxSize}. */
    public TusSettings withMaxSize(long maxSize) {
        return new TusSettings(path, maxSize, unfinishedUploadTtl);
    }
}
