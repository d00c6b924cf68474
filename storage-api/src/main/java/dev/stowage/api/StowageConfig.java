package dev.stowage.api;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stowage's settings: one set of {@code stowage.*} keys, read from (later wins) built-in defaults, a properties
 * file, environment variables, Java system properties and a map given in code. Each layer may also hold
 * {@code stowage.uri}, which expands to keys of that layer that its explicit keys beat. Environment variables
 * are found by {@link #envName(String)}. The environment and system properties are copied when the
 * configuration is loaded; it is immutable afterwards.
 *
 * <p>A blank value counts as not set, so the layer below shows through. Typed getters reject a bad value with
 * {@link ConfigurationException} naming the key, the value (unless secret) and where it was set.
 * See {@code docs/configuration.md}.
 */
public final class StowageConfig {
    /** Which backend to open: {@code local} (default), {@code s3}, {@code gcs}, {@code memory}. */
    public static final String BACKEND = "stowage.backend";
    /** The location as one URI ({@code file:///dir}, {@code s3://bucket/prefix}...), expanded to other keys. */
    public static final String URI = "stowage.uri";
    /** The path of a properties file to read settings from. */
    public static final String CONFIG_FILE = "stowage.config-file";
    /** The local backend's directory. */
    public static final String UPLOAD_DIR = "stowage.upload-dir";
    /** The URL path (or absolute URL) stored files are served under. */
    public static final String BASE_URL = "stowage.base-url";
    /**
     * How long an unfinished chunked (resumable) upload is kept for a resume before it may be removed; backends
     * and the tus endpoint read it. Default 24 hours.
     */
    public static final String UNFINISHED_UPLOAD_TTL = "stowage.unfinished-upload-ttl";

    private static final String KEY_PREFIX = "stowage.";
    private static final String CLASSPATH_FILE = "stowage.properties";
    private static final Map<String, String> DEFAULTS = Map.of(BACKEND, "local", UPLOAD_DIR, "./uploaded_files",
            BASE_URL, "/_upload");
    private static final String URI_FORMS =
            "expected file:///path, s3://bucket/prefix?name=value, gs://bucket/prefix?name=value or memory:";
    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b|b)?",
            Pattern.CASE_INSENSITIVE);

    /** The layers, highest first. */
    private final List<Layer> layers;

    private StowageConfig(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    /** Loads every layer: defaults, properties file, this process's environment and system properties. */
    public static StowageConfig load() {
        return load(Map.of());
    }

    /** Loads every layer, with {@code code} on top of them all. */
    public static StowageConfig load(Map<String, String> code) {
        return from(System.getenv(), System.getProperties(), code);
    }

    /**
     * Exactly {@code values} over the defaults: no file, environment variable or system property is read. For
     * tests, and for applications that own all their settings. {@code stowage.uri} is expanded as usual.
     */
    public static StowageConfig of(Map<String, String> values) {
        return new StowageConfig(List.of(Layer.of(Kind.CODE, "code", values), defaults()));
    }

    /** Every layer from the given environment and system properties, not this process's. */
    static StowageConfig from(Map<String, String> env, Properties system, Map<String, String> code) {
        return from(env, system, code, classLoader());
    }

    /** As {@link #from(Map, Properties, Map)}, looking for {@code stowage.properties} in {@code loader}. */
    static StowageConfig from(Map<String, String> env, Properties system, Map<String, String> code,
                              ClassLoader loader) {
        Map<String, String> systemValues = new HashMap<>();
        for (String name : system.stringPropertyNames()) {
            systemValues.put(name, system.getProperty(name));
        }
        List<Layer> layers = new ArrayList<>(List.of(Layer.of(Kind.CODE, "code", code),
                Layer.of(Kind.SYSTEM, "system properties", systemValues),
                Layer.of(Kind.ENVIRONMENT, "environment", env)));
        fileLayer(layers, loader).ifPresent(layers::add);
        layers.add(defaults());
        return new StowageConfig(layers);
    }

    /** The value of {@code key}, from the highest layer that sets it. */
    public Optional<String> get(String key) {
        return resolve(key).map(Resolved::value);
    }

    /** The value of {@code key}, or {@code defaultValue} when no layer sets it. */
    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /**
     * The value of {@code key}.
     *
     * @throws ConfigurationException when no layer sets it; {@code fix} says what to set
     */
    public String require(String key, String fix) {
        return get(key).orElseThrow(() -> ConfigurationException.missing(key, fix));
    }

    /**
     * Where the value of {@code key} was set: {@code code}, {@code system property stowage.x},
     * {@code environment variable STOWAGE_X}, {@code file /path}, {@code classpath resource stowage.properties},
     * {@code default}, or {@code stowage.uri from } one of those. Empty when no layer sets it.
     */
    public Optional<String> sourceOf(String key) {
        return resolve(key).map(Resolved::source);
    }

    /** {@code true}, {@code yes}, {@code 1} or {@code false}, {@code no}, {@code 0}, in any case. */
    public boolean getBoolean(String key, boolean defaultValue) {
        return parse(key, defaultValue, "expected true or false (or yes/no, 1/0)", value ->
                switch (value.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "1" -> Boolean.TRUE;
                    case "false", "no", "0" -> Boolean.FALSE;
                    default -> null;
                });
    }

    /** A whole number within the range of {@code int}. */
    public int getInt(String key, int defaultValue) {
        return parse(key, defaultValue, "expected a whole number from " + Integer.MIN_VALUE + " to "
                + Integer.MAX_VALUE, Integer::valueOf);
    }

    /** A whole number within the range of {@code long}. */
    public long getLong(String key, long defaultValue) {
        return parse(key, defaultValue, "expected a whole number", Long::valueOf);
    }

    /**
     * A duration, not negative: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d} (units in any
     * case), or ISO-8601 such as {@code PT1H30M} or {@code P2D}.
     */
    public Duration getDuration(String key, Duration defaultValue) {
        return parse(key, defaultValue, "expected a duration such as 500ms, 30s, 5m, 1h, 7d or ISO-8601 PT1H30M,"
                + " not negative", StowageConfig::parseDuration);
    }

    /**
     * A size in bytes, not negative: a plain number of bytes, or a number (decimals allowed when the result is
     * whole bytes) with a unit in any case. Units are SI or binary as written: {@code KB}, {@code MB},
     * {@code GB}, {@code TB} are powers of 1000; {@code KiB}, {@code MiB}, {@code GiB}, {@code TiB} are powers
     * of 1024; {@code B} is bytes.
     */
    public long getSize(String key, long defaultValue) {
        return parse(key, defaultValue, "expected a size in bytes such as 1048576, 512KB, 10MiB or 1.5GB"
                + " (KB=1000 bytes, KiB=1024 bytes), not negative", StowageConfig::parseSize);
    }

    /** A file system path, as written (a relative path stays relative to the working directory). */
    public Path getPath(String key, Path defaultValue) {
        return parse(key, defaultValue, "expected a file system path", Path::of);
    }

    /** The backend to open: the value of {@code stowage.backend}, {@code local} unless set. */
    public String backend() {
        return get(BACKEND, DEFAULTS.get(BACKEND)).trim();
    }

    /**
     * An error saying that the current value of {@code key} is wrong for {@code reason}, naming where it was set
     * and keeping secrets out. For backends that check their own settings: {@code throw config.invalid(...)}.
     */
    public ConfigurationException invalid(String key, String reason) {
        Optional<Resolved> found = resolve(key);
        return ConfigurationException.invalid(key, found.map(Resolved::value).orElse(null),
                found.map(Resolved::source).orElse(null), reason);
    }

    /**
     * The resolved value of every {@code stowage.*} key set in code, system properties, the properties file, a
     * {@code stowage.uri} or the defaults, sorted by key. Keys set only by environment variables are found by
     * {@link #get(String)} but not listed, because environment names cannot be turned back into keys.
     */
    public Map<String, String> asMap() {
        TreeSet<String> keys = new TreeSet<>();
        for (Layer layer : layers) {
            keys.addAll(layer.expanded().keySet());
            if (layer.kind() != Kind.ENVIRONMENT) {
                layer.values().keySet().stream().filter(key -> key.startsWith(KEY_PREFIX)).forEach(keys::add);
            }
        }
        Map<String, String> resolved = new TreeMap<>();
        for (String key : keys) {
            get(key).ifPresent(value -> resolved.put(key, value));
        }
        return Collections.unmodifiableMap(resolved);
    }

    /** The keys of {@link #asMap()}, each with where it was set; secret values are masked. */
    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(", ", "StowageConfig[", "]");
        asMap().forEach((key, value) -> out.add(key + "=" + printable(key, value) + " (" + sourceOf(key).orElseThrow()
                + ")"));
        return out.toString();
    }

    /** The environment variable for {@code key}: upper case, with {@code .} and {@code -} as {@code _}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Whether {@code key} holds a secret: it contains secret, password or token, or ends in key. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("secret") || k.contains("password") || k.contains("token") || k.endsWith("key");
    }

    /**
     * {@code value} of {@code key} as it may appear in a message or log: quoted, {@code (secret)} for secret
     * keys, and with credentials and secret query parameters of {@code stowage.uri} masked.
     */
    static String printable(String key, String value) {
        if (value == null) {
            return "(not set)";
        }
        if (isSecret(key)) {
            return "(secret)";
        }
        return "'" + (key.equals(URI) ? maskUri(value) : value) + "'";
    }

    private static String maskUri(String value) {
        String shown = value.replaceFirst("^([^:/?#]*://)[^/?#]*@", "$1****@");
        int query = shown.indexOf('?');
        if (query < 0) {
            return shown;
        }
        StringJoiner pairs = new StringJoiner("&");
        for (String pair : shown.substring(query + 1).split("&", -1)) {
            int eq = pair.indexOf('=');
            pairs.add(eq > 0 && isSecret(pair.substring(0, eq)) ? pair.substring(0, eq + 1) + "****" : pair);
        }
        return shown.substring(0, query + 1) + pairs;
    }

    private Optional<Resolved> resolve(String key) {
        for (Layer layer : layers) {
            String value = layer.explicit(key);
            if (value != null) {
                return Optional.of(new Resolved(value, layer.source(key)));
            }
            value = layer.expanded().get(key);
            if (value != null) {
                return Optional.of(new Resolved(value, URI + " from " + layer.source(URI)));
            }
        }
        return Optional.empty();
    }

    private <T> T parse(String key, T defaultValue, String expected, Function<String, T> parser) {
        Optional<Resolved> found = resolve(key);
        if (found.isEmpty()) {
            return defaultValue;
        }
        T parsed;
        try {
            parsed = parser.apply(found.get().value().trim());
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            parsed = null;
        }
        if (parsed == null) {
            throw ConfigurationException.invalid(key, found.get().value(), found.get().source(), expected);
        }
        return parsed;
    }

    private static Duration parseDuration(String value) {
        Matcher shortForm = SHORT_DURATION.matcher(value);
        Duration duration;
        if (shortForm.matches()) {
            long amount = Long.parseLong(shortForm.group(1));
            duration = switch (shortForm.group(2).toLowerCase(Locale.ROOT)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } else {
            duration = Duration.parse(value);
        }
        return duration.isNegative() ? null : duration;
    }

    private static Long parseSize(String value) {
        Matcher size = SIZE.matcher(value);
        if (!size.matches()) {
            return null;
        }
        String unit = size.group(2) == null ? "b" : size.group(2).toLowerCase(Locale.ROOT);
        int power = "bkmgt".indexOf(unit.charAt(0));
        BigDecimal base = BigDecimal.valueOf(unit.contains("i") ? 1024 : 1000);
        return new BigDecimal(size.group(1)).multiply(base.pow(power)).longValueExact();
    }

    private static Layer defaults() {
        return new Layer(Kind.DEFAULT, "default", DEFAULTS, Map.of());
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : StowageConfig.class.getClassLoader();
    }

    /**
     * The file named by {@code stowage.config-file} in the given layers (highest first), else
     * {@code stowage.properties} at the root of {@code loader}, else none.
     */
    private static Optional<Layer> fileLayer(List<Layer> above, ClassLoader loader) {
        for (Layer layer : above) {
            String named = layer.explicit(CONFIG_FILE);
            if (named == null) {
                continue;
            }
            Path path;
            try {
                path = Path.of(named.trim()).toAbsolutePath();
            } catch (IllegalArgumentException e) {
                throw ConfigurationException.invalid(CONFIG_FILE, named, layer.source(CONFIG_FILE),
                        "expected the path of a properties file");
            }
            try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                return Optional.of(Layer.of(Kind.FILE, "file " + path, readProperties(in)));
            } catch (IOException | IllegalArgumentException e) {
                throw ConfigurationException.unreadable(CONFIG_FILE, "configuration file " + path + " named by "
                        + layer.source(CONFIG_FILE), e);
            }
        }
        URL resource = loader.getResource(CLASSPATH_FILE);
        if (resource == null) {
            return Optional.empty();
        }
        try (Reader in = new InputStreamReader(resource.openStream(), StandardCharsets.UTF_8.newDecoder())) {
            return Optional.of(Layer.of(Kind.FILE, "classpath resource " + CLASSPATH_FILE, readProperties(in)));
        } catch (IOException | IllegalArgumentException e) {
            throw ConfigurationException.unreadable(CONFIG_FILE, "classpath resource " + CLASSPATH_FILE + " ("
                    + resource + ")", e);
        }
    }

    private static Map<String, String> readProperties(Reader in) throws IOException {
        Properties file = new Properties();
        file.load(in);
        Map<String, String> values = new HashMap<>();
        for (String name : file.stringPropertyNames()) {
            values.put(name, file.getProperty(name));
        }
        return values;
    }

    /**
     * The keys {@code text}, a {@code stowage.uri} set by {@code source}, stands for.
     *
     * @throws ConfigurationException naming {@code stowage.uri} when it is malformed or of an unknown scheme
     */
    private static Map<String, String> expandUri(String text, String source) {
        String value = text.trim();
        int colon = value.indexOf(':');
        String scheme = colon < 1 ? "" : value.substring(0, colon).toLowerCase(Locale.ROOT);
        try {
            return switch (scheme) {
                case "memory" -> {
                    if (colon + 1 < value.length()) {
                        throw new IllegalArgumentException("memory: takes nothing after the colon");
                    }
                    yield Map.of(BACKEND, "memory");
                }
                case "file" -> Map.of(BACKEND, "local", UPLOAD_DIR, filePath(new java.net.URI(value)));
                case "s3" -> bucketKeys("s3", new java.net.URI(value));
                case "gs" -> bucketKeys("gcs", new java.net.URI(value));
                default -> throw new IllegalArgumentException(scheme.isEmpty() ? "it has no scheme"
                        : "unknown scheme " + scheme + ":");
            };
        } catch (URISyntaxException e) {
            throw ConfigurationException.invalid(URI, text, source, "not a valid URI (" + e.getReason()
                    + " at index " + e.getIndex() + "); " + URI_FORMS);
        } catch (IllegalArgumentException e) {
            throw ConfigurationException.invalid(URI, text, source, e.getMessage() + "; " + URI_FORMS);
        }
    }

    private static String filePath(java.net.URI uri) {
        if (uri.isOpaque() || uri.getPath() == null || !uri.getPath().startsWith("/")) {
            throw new IllegalArgumentException("a file URI needs an absolute path, as in file:///srv/uploads");
        }
        if (uri.getRawAuthority() != null) {
            throw new IllegalArgumentException("a file URI takes no host; write three slashes, as in file:///srv/uploads");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("a file URI takes no query or fragment");
        }
        return Path.of(uri).toString();
    }

    private static Map<String, String> bucketKeys(String backend, java.net.URI uri) {
        String authority = uri.getRawAuthority();
        if (uri.isOpaque() || authority == null || authority.isEmpty()) {
            throw new IllegalArgumentException("it names no bucket; write " + uri.getScheme() + "://bucket/prefix");
        }
        if (authority.contains("@")) {
            throw new IllegalArgumentException("credentials do not belong in the URI; set them with their own keys");
        }
        if (authority.contains(":")) {
            throw new IllegalArgumentException("a bucket name takes no port; set an endpoint with ?endpoint=");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("it takes no fragment (#)");
        }
        String keyPrefix = KEY_PREFIX + backend + ".";
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(BACKEND, backend);
        keys.put(keyPrefix + "bucket", decode(authority));
        keys.put(keyPrefix + "prefix", uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath());
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                if (eq < 0) {
                    throw new IllegalArgumentException("query parameter '" + name + "' has no value; write "
                            + name + "=value");
                }
                if (!KEBAB.matcher(name).matches()) {
                    throw new IllegalArgumentException("query parameter '" + name
                            + "' is not a lower-case key name such as path-style");
                }
                if (name.equals("bucket") || name.equals("prefix")) {
                    throw new IllegalArgumentException("query parameter '" + name
                            + "' is not allowed: the bucket and prefix are the URI's host and path");
                }
                if (keys.put(keyPrefix + name, decode(pair.substring(eq + 1))) != null) {
                    throw new IllegalArgumentException("query parameter '" + name + "' is given twice");
                }
            }
        }
        return Map.copyOf(keys);
    }

    /** Decodes %-escapes; unlike form decoding, keeps {@code +} as it is (secret keys may hold it). */
    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Where a layer's values come from, lowest precedence last. */
    private enum Kind { CODE, SYSTEM, ENVIRONMENT, FILE, DEFAULT }

    /** A value and where it was set. */
    private record Resolved(String value, String source) {
    }

    /**
     * One layer: its explicit values (for the environment, keyed by environment name) and the keys its
     * {@code stowage.uri} expands to.
     */
    private record Layer(Kind kind, String origin, Map<String, String> values, Map<String, String> expanded) {

        static Layer of(Kind kind, String origin, Map<String, String> values) {
            Map<String, String> copy = new HashMap<>();
            values.forEach((key, value) -> {
                if (key != null && value != null) {
                    copy.put(key, value);
                }
            });
            Layer plain = new Layer(kind, origin, Map.copyOf(copy), Map.of());
            String uri = plain.explicit(URI);
            return uri == null ? plain : new Layer(kind, origin, plain.values(), expandUri(uri, plain.source(URI)));
        }

        /** The non-blank value this layer itself gives {@code key}, or {@code null}. */
        String explicit(String key) {
            String value = values.get(kind == Kind.ENVIRONMENT ? envName(key) : key);
            return value == null || value.isBlank() ? null : value;
        }

        /** Where this layer's own value for {@code key} is set, in words. */
        String source(String key) {
            return switch (kind) {
                case CODE, FILE, DEFAULT -> origin;
                case SYSTEM -> "system property " + key;
                case ENVIRONMENT -> "environment variable " + envName(key);
            };
        }
    }
}
