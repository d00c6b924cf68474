package dev.stowage.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** STUB — replaced by the configuration work. */
public final class StowageConfig {
    private final Map<String, String> values;

    private StowageConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static StowageConfig load() {
        return new StowageConfig(Map.of());
    }

    public static StowageConfig of(Map<String, String> values) {
        return new StowageConfig(values);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String get(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    public Path getPath(String key, Path defaultValue) {
        return get(key).map(Path::of).orElse(defaultValue);
    }

    public Duration getDuration(String key, Duration defaultValue) {
        return get(key).map(Duration::parse).orElse(defaultValue);
    }

    public String backend() {
        return get("stowage.backend", "local");
    }

    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("secret") || k.contains("password") || k.contains("token") || k.endsWith("key");
    }
}
