package dev.stowage.api;

/** A setting is missing or wrong; the message names the key and how to fix it. Thrown at start-up. */
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
        String shown = StowageConfig.isSecret(key) ? "(secret)" : "'" + value + "'";
        return new ConfigurationException(key, "Invalid setting " + key + "=" + shown + ": " + reason, null);
    }

    /** Backend {@code backend} is named in configuration but its module is not on the classpath. */
    public static ConfigurationException backendNotOnClasspath(String backend, String artifact, Object available) {
        String fix = artifact == null
                ? "no Stowage module is known to provide it; check the spelling"
                : "add the Maven dependency dev.stowage:" + artifact + " to your build";
        return new ConfigurationException("stowage.backend", "Backend '" + backend
                + "' (stowage.backend) is not on the classpath: " + fix + ". Backends found: " + available, null);
    }

    /** The configuration could not be read from {@code source}. */
    public static ConfigurationException unreadable(String key, String source, Throwable cause) {
        return new ConfigurationException(key, "Could not read configuration from " + source + " (named by " + key
                + "): " + cause.getMessage(), cause);
    }
}
