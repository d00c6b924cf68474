package dev.stowage.api;

/** The backend cannot do what was asked; check {@link Storage#capabilities()} first to avoid this. */
public final class UnsupportedCapabilityException extends StorageException {
    private static final long serialVersionUID = 1L;

    private final Capability capability;

    private UnsupportedCapabilityException(Capability capability, String message) {
        super(null, message, null);
        this.capability = capability;
    }

    /** Backend {@code backend} does not support {@code capability}. */
    public static UnsupportedCapabilityException of(String backend, Capability capability) {
        return new UnsupportedCapabilityException(capability, "The " + backend + " backend does not support "
                + capability + "; ask Storage.capabilities() before calling");
    }

    /** The capability that is missing. */
    public Capability capability() {
        return capability;
    }
}
