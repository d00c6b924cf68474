package dev.stowage.api;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a backend can do. Ask before calling an optional power, instead of catching
 * {@link UnsupportedCapabilityException}.
 *
 * @param supported the capabilities the backend has, in declaration order
 */
public record Capabilities(Set<Capability> supported) {
    public Capabilities {
        supported = Collections.unmodifiableSet(supported.isEmpty() ? EnumSet.noneOf(Capability.class)
                : EnumSet.copyOf(supported));
    }

    /** A backend with exactly {@code capabilities}. */
    public static Capabilities of(Capability... capabilities) {
        return new Capabilities(Set.of(capabilities));
    }

    /** Whether the backend can do {@code capability}. */
    public boolean has(Capability capability) {
        return supported.contains(capability);
    }
}
