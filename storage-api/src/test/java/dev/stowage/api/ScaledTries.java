package dev.stowage.api;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Multiplies the tries of every jqwik property by the system property {@value #FACTOR} (1 when unset): each
 * property's {@code tries} is sized for every build, and the {@code fuzz} profile sets the factor so that the
 * same properties try many more inputs there. Registered for all properties through {@code META-INF/services};
 * shared with the other modules' tests through this module's test jar.
 */
public final class ScaledTries implements AroundPropertyHook {
    /** The system property holding the factor. */
    public static final String FACTOR = "stowage.jqwik.tries-factor";
    /** jqwik's own default, for a property that names no {@code tries}. */
    private static final int JQWIK_DEFAULT_TRIES = 1000;

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        int factor = Integer.getInteger(FACTOR, 1);
        if (factor < 1) {
            throw new IllegalArgumentException(FACTOR + " must be at least 1: " + factor);
        }
        int tries = context.attributes().tries().orElse(JQWIK_DEFAULT_TRIES);
        context.attributes().setTries(Math.multiplyExact(tries, factor));
        return property.execute();
    }
}
