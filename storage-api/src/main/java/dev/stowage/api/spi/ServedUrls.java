package dev.stowage.api.spi;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where Stowage's own HTTP module serves stored files: {@code {base}/{name}}, each segment of the name
 * percent-encoded as an RFC 3986 path segment (see {@link #of}). Maps names to URLs and request paths back to
 * names, so that both directions agree byte for byte. Immutable.
 */
public final class ServedUrls {
    /** The base URL used when none is configured. */
    public static final String DEFAULT_BASE_URL = "/_upload";

    private final String base;
    private final String basePath;

    private ServedUrls(String base, String basePath) {
        this.base = base;
        this.basePath = basePath;
    }

    /**
     * Files served under {@code baseUrl}: a path such as {@code /_upload}, or an absolute {@code http(s)} URL
     * such as {@code https://files.example.com/_upload}. Trailing slashes are dropped.
     *
     * @throws IllegalArgumentException naming the value when it is neither, or has a query, a fragment,
     *                                  credentials or {@code .}/{@code ..} segments
     */
    public static ServedUrls at(String baseUrl) {
        if (baseUrl.isEmpty()) {
            throw invalid(baseUrl, "it is empty; use / to serve files at the root");
        }
        String trimmed = baseUrl;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(trimmed + "/");
        } catch (URISyntaxException e) {
            throw invalid(baseUrl, "not a valid URL: " + e.getReason());
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(baseUrl, "it must not have a query or a fragment");
        }
        if (uri.getScheme() == null) {
            if ((!trimmed.isEmpty() && !trimmed.startsWith("/")) || uri.getRawAuthority() != null) {
                throw invalid(baseUrl, "a relative base URL must be a path starting with a single '/'");
            }
        } else {
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
                throw invalid(baseUrl, "an absolute base URL must be http:// or https:// with a host");
            }
            if (uri.getRawUserInfo() != null) {
                throw invalid(baseUrl, "it must not carry credentials");
            }
        }
        if (!uri.normalize().equals(uri)) {
            throw invalid(baseUrl, "it must not have '.' or '..' segments");
        }
        String path = uri.getRawPath();
        return new ServedUrls(trimmed, path.substring(0, path.length() - 1));
    }

    /** The raw path files are served under, without a trailing slash: {@code /_upload}, or empty for the root. */
    public String basePath() {
        return basePath;
    }

    /**
     * The URL of {@code name}: the base, then for each {@code /}-separated segment of the name a {@code /} and
     * the segment's UTF-8 bytes, all but {@code A-Z a-z 0-9 - . _ ~} written as {@code %XX}. So {@code %},
     * {@code #}, {@code ?}, {@code ;}, {@code +}, {@code :} and space ({@code %20}) never keep a meaning in the
     * URL. The name is used as given: normalize it first.
     *
     * @throws IllegalArgumentException when the name is empty or has an unpaired surrogate
     */
    public URI of(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("An empty name has no URL");
        }
        StringBuilder url = new StringBuilder(base);
        for (String segment : name.split("/", -1)) {
            url.append('/').append(PercentEncoding.encode(segment));
        }
        return URI.create(url.toString());
    }

    /**
     * The name a raw (still percent-encoded) request path stands for: the part after {@link #basePath()}
     * {@code /}, percent-decoded exactly once ({@code +} stays a plus).
     *
     * @return empty when the path is not under the base, names nothing, or is not well-formed UTF-8
     *         percent-encoding
     */
    public Optional<String> nameOf(String rawPath) {
        String prefix = basePath + "/";
        if (!rawPath.startsWith(prefix) || rawPath.length() == prefix.length()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PercentEncoding.decode(rawPath.substring(prefix.length())));
        } catch (IllegalArgumentException notEncoded) {
            return Optional.empty();
        }
    }

    /** The base URL, without a trailing slash. */
    @Override
    public String toString() {
        return base;
    }

    private static IllegalArgumentException invalid(String baseUrl, String reason) {
        return new IllegalArgumentException("Invalid base URL '" + baseUrl + "': " + reason
                + " (expected e.g. " + DEFAULT_BASE_URL + " or https://files.example.com" + DEFAULT_BASE_URL + ")");
    }
}
