package dev.stowage.api;

import dev.stowage.api.spi.StorageProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The entry point: opens the backend that {@code stowage.backend} names, found among the
 * {@link StorageProvider}s on the classpath. A backend that is named but missing fails with a
 * {@link ConfigurationException} saying which Maven dependency to add, or which known name was probably meant.
 */
public final class Stowage {
    /** The module that provides each backend Stowage knows. */
    private static final Map<String, String> ARTIFACTS = Map.of("local", "storage-local", "s3", "storage-s3",
            "gcs", "storage-gcs", "memory", "storage-testkit");

    private Stowage() {
    }

    /** Opens the backend configured by {@link StowageConfig#load()}. */
    public static Storage open() {
        return open(StowageConfig.load());
    }

    /** Opens the backend configured by {@link StowageConfig#load(Map)}: {@code settings} over every other layer. */
    public static Storage open(Map<String, String> settings) {
        return open(StowageConfig.load(settings));
    }

    /**
     * Opens the backend {@code config} names.
     *
     * @throws ConfigurationException when no provider on the classpath has that name, when two have it, or when
     *                                the provider finds a setting missing or wrong
     */
    public static Storage open(StowageConfig config) {
        String backend = config.backend();
        List<StorageProvider> all = providers();
        List<StorageProvider> found = new ArrayList<>();
        for (StorageProvider provider : all) {
            if (provider.name().equals(backend)) {
                found.add(provider);
            }
        }
        if (found.size() > 1) {
            throw ConfigurationException.duplicateBackend(backend, found.get(0).getClass().getName(),
                    found.get(1).getClass().getName());
        }
        if (found.isEmpty()) {
            throw notFound(backend, config.sourceOf(StowageConfig.BACKEND).orElse("default"), names(all));
        }
        return found.get(0).open(config);
    }

    /** The names of the backends on the classpath, sorted. */
    public static Set<String> availableBackends() {
        return names(providers());
    }

    private static Set<String> names(List<StorageProvider> providers) {
        Set<String> names = new TreeSet<>();
        for (StorageProvider provider : providers) {
            names.add(provider.name());
        }
        return Collections.unmodifiableSet(names);
    }

    private static List<StorageProvider> providers() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = context != null ? context : Stowage.class.getClassLoader();
        List<StorageProvider> providers = new ArrayList<>();
        try {
            ServiceLoader.load(StorageProvider.class, loader).forEach(providers::add);
        } catch (ServiceConfigurationError e) {
            throw ConfigurationException.backendUnloadable(e);
        }
        return providers;
    }

    private static ConfigurationException notFound(String backend, String source, Set<String> available) {
        String shown = available.isEmpty() ? "none" : String.join(", ", available);
        String artifact = ARTIFACTS.get(backend);
        if (artifact != null) {
            return ConfigurationException.backendNotOnClasspath(backend, artifact, shown);
        }
        Set<String> candidates = new TreeSet<>(ARTIFACTS.keySet());
        candidates.addAll(available);
        return ConfigurationException.unknownBackend(backend, source, closest(backend, candidates), shown);
    }

    /** The candidate nearest to {@code name} in spelling, when it is near enough to be a likely typo. */
    private static String closest(String name, Set<String> candidates) {
        String typed = name.toLowerCase(Locale.ROOT);
        int allowed = typed.length() <= 4 ? 1 : 2;
        String best = null;
        int bestDistance = allowed + 1;
        for (String candidate : candidates) {
            int distance = distance(typed, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Edits (insert, delete, replace, swap two neighbours) that turn {@code a} into {@code b}. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
