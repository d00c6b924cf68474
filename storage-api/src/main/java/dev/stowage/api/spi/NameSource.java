package dev.stowage.api.spi;

import java.util.Iterator;

/** A backend's stored names in {@link NameOrder}, from which {@link Listings} cuts pages. */
@FunctionalInterface
public interface NameSource {

    /**
     * The stored names that start with {@code prefix} and sort after {@code after}, in {@link NameOrder}.
     *
     * @param prefix     only names with this prefix ("" for all)
     * @param after      only names sorting strictly after this one, or {@code null} to start at the first
     * @param skipPrefix when true, names that start with {@code after} are left out too (the rest of a
     *                   rolled-up common prefix)
     */
    Iterator<String> names(String prefix, String after, boolean skipPrefix);
}
