package dev.stowage.api;

import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * A setting is missing or wrong; the message names the key, where its value was set when that is known, and
 * how to fix it. Secret values never appear in the message. Thrown at start-up.
 */
public final class ConfigurationException extends StorageException {
    private static final long serialVersionUID = 1L;

    private final String key;

    private ConfigurationException(String key, String message, Throwable cause) {
        super(null, message, cause);
        this.key = key;
    }

    /** The configuration key at fault, or {@code null} when the fault is not one key's. */
    public String key() {
        return key;
    }

    /** Required key {@code key} has no value; {@code fix} says what to set. */
    public static ConfigurationException missing(String key, String fix) {
        return new ConfigurationException(key, "Missing setting " + key + " (environment " + StowageConfig.envName(key)
                + "): " + fix, null);
    }

    /** Key {@code key} holds {@code value}, which is wrong for {@code reason}. Secret values are not echoed. */
    public static ConfigurationException invalid(String key, String value, String reason) {
        return invalid(key, value, null, reason);
    }

    /**
     * Key {@code key} holds {@code value}, set by {@code source} (as {@link StowageConfig#sourceOf} words it, or
     * {@code null} when not known), which is wrong for {@code reason}. Secret values are not echoed.
     */
    public static ConfigurationException invalid(String key, String value, String source, String reason) {
        return new ConfigurationException(key, "Invalid setting " + key + "=" + StowageConfig.printable(key, value)
                + (source == null ? "" : " (set by " + source + ")") + ": " + reason, null);
    }

    /** Backend {@code backend} is named in configuration but its module is not on the classpath. */
    public static ConfigurationException backendNotOnClasspath(String backend, String artifact, Object available) {
        String fix = artifact == null
                ? "no Stowage module is known to provide it; check the spelling"
                : "add the Maven dependency dev.stowage:" + artifact + " to your build";
        return new ConfigurationException("stowage.backend", "Backend '" + backend
                + "' (stowage.backend) is not on the classpath: " + fix + ". Backends found: " + available, null);
    }

    /**
     * Backend {@code backend}, set by {@code source}, is not one Stowage knows nor one on the classpath;
     * {@code suggestion} is the closest known name, or {@code null} when none is close.
     */
    public static ConfigurationException unknownBackend(String backend, String source, String suggestion,
                                                        Object available) {
        String hint = suggestion == null
                ? "no Stowage module is known to provide it; check the spelling"
                : "did you mean '" + suggestion + "'?";
        return new ConfigurationException("stowage.backend", "Unknown backend '" + backend + "' (stowage.backend, set by "
                + source + "): " + hint + " Backends found: " + available, null);
    }

    /** Two classes on the classpath, {@code first} and {@code second}, both claim to be backend {@code backend}. */
    public static ConfigurationException duplicateBackend(String backend, String first, String second) {
        return new ConfigurationException("stowage.backend", "Two backends on the classpath are named '" + backend
                + "': " + first + " and " + second + "; remove one of their modules so that stowage.backend names"
                + " exactly one", null);
    }

    /** A backend registered on the classpath could not be loaded at all. */
    public static ConfigurationException backendUnloadable(Throwable cause) {
        return new ConfigurationException("stowage.backend", "A Stowage backend on the classpath could not be loaded"
                + " (a broken META-INF/services/dev.stowage.api.spi.StorageProvider entry or a missing dependency of"
                + " it): " + cause.getMessage(), cause);
    }

    /** The configuration could not be read from {@code source} (a file or resource), which {@code key} names. */
    public static ConfigurationException unreadable(String key, String source, Throwable cause) {
        return new ConfigurationException(key, "Could not read " + source + ": " + describe(cause) + " (setting "
                + key + ", environment " + StowageConfig.envName(key) + ")", cause);
    }

    private static String describe(Throwable cause) {
        if (cause instanceof NoSuchFileException) {
            return "no such file";
        }
        if (cause instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (cause instanceof CharacterCodingException) {
            return "it is not valid UTF-8";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage());
    }
}
