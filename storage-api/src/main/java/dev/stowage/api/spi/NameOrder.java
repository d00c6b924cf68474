package dev.stowage.api.spi;

import java.util.Comparator;

/**
 * The order listings use on every backend: by Unicode code point, which is the byte order of the names'
 * UTF-8 form, the order S3 and GCS list in. ({@link String#compareTo} differs for characters beyond U+FFFF.)
 */
public final class NameOrder {
    /** Compares names by code point. */
    public static final Comparator<String> COMPARATOR = NameOrder::compare;

    private NameOrder() {
    }

    /** Negative, zero or positive as {@code a} sorts before, with or after {@code b}. */
    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
