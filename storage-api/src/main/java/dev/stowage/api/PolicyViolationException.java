package dev.stowage.api;

/**
 * An upload broke a rule it was bound by: too large, a content type not allowed, an expired or forged
 * signed URL. {@link #reason()} tells which, so an HTTP layer can answer 413, 415 or 403.
 */
public final class PolicyViolationException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** Which rule was broken. */
    public enum Reason {
        TOO_LARGE, CONTENT_TYPE_NOT_ALLOWED, EXPIRED, BAD_SIGNATURE, WRONG_METHOD, WRONG_NAME
    }

    private final Reason reason;

    private PolicyViolationException(String name, Reason reason, String message) {
        super(name, message, null);
        this.reason = reason;
    }

    /** Which rule was broken. */
    public Reason reason() {
        return reason;
    }

    /** More than {@code maxSize} bytes were sent for {@code name}. */
    public static PolicyViolationException tooLarge(String name, long maxSize) {
        return new PolicyViolationException(name, Reason.TOO_LARGE, "Upload of " + quoted(name)
                + " exceeds the limit of " + maxSize + " bytes; nothing was stored");
    }

    /** {@code contentType} is not among {@code allowed}. */
    public static PolicyViolationException contentTypeNotAllowed(String name, String contentType, Object allowed) {
        return new PolicyViolationException(name, Reason.CONTENT_TYPE_NOT_ALLOWED, "Content type '" + contentType
                + "' is not allowed for " + quoted(name) + "; allowed: " + allowed);
    }

    /** A signed URL for {@code name} expired at {@code expiredAt}. */
    public static PolicyViolationException expired(String name, java.time.Instant expiredAt) {
        return new PolicyViolationException(name, Reason.EXPIRED, "The signed URL for " + quoted(name)
                + " expired at " + expiredAt);
    }

    /** A signed URL for {@code name} does not carry a valid signature; {@code detail} says what is off. */
    public static PolicyViolationException badSignature(String name, String detail) {
        return new PolicyViolationException(name, Reason.BAD_SIGNATURE, "The signed URL for " + quoted(name)
                + " is not valid: " + detail);
    }

    /** A signed URL made for {@code expected} was used with {@code actual}. */
    public static PolicyViolationException wrongMethod(String name, String expected, String actual) {
        return new PolicyViolationException(name, Reason.WRONG_METHOD, "The signed URL for " + quoted(name)
                + " is for " + expected + ", not " + actual);
    }
}
