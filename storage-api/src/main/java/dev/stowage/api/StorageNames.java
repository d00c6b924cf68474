package dev.stowage.api;

/** STUB — replaced by the names work. */
public final class StorageNames {
    public static final String RESERVED_SEGMENT = ".stowage";

    private StorageNames() {
    }

    public static String normalize(String name) {
        if (name == null || name.isEmpty() || name.startsWith("/") || name.contains("..") || name.contains("//")
                || name.endsWith("/") || name.startsWith(RESERVED_SEGMENT)) {
            throw NameRejectedException.because(name, "stub");
        }
        return name.replace('\\', '/');
    }

    public static String normalizePrefix(String prefix) {
        return prefix.replace('\\', '/');
    }

    public static String lastSegment(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }
}
