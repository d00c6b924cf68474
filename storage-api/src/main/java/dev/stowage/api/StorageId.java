package dev.stowage.api;

import java.security.SecureRandom;

/**
 * Generates storage ids for files saved "as new": 26 lowercase base-32 characters carrying 128 random bits.
 * Lowercase so that ids never collide on case-insensitive disks, and URL-safe without encoding.
 */
public final class StorageId {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Length of a generated id. */
    public static final int LENGTH = 26;

    private StorageId() {
    }

    /** Whether {@code text} has the shape of a generated id (so it is safe in a path or a key). */
    public static boolean isWellFormed(String text) {
        if (text == null || text.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (java.util.Arrays.binarySearch(ALPHABET, text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** A fresh random id. */
    public static String generate() {
        byte[] bytes = new byte[17];
        RANDOM.nextBytes(bytes);
        bytes[16] = 0;
        char[] out = new char[LENGTH];
        // 26 characters of 5 bits = 130 bits; the last two come from the zeroed padding byte.
        long bitBuffer = 0;
        int bits = 0;
        int in = 0;
        for (int i = 0; i < LENGTH; i++) {
            if (bits < 5) {
                bitBuffer = (bitBuffer << 8) | (bytes[in++] & 0xff);
                bits += 8;
            }
            out[i] = ALPHABET[(int) (bitBuffer >>> (bits - 5)) & 31];
            bits -= 5;
        }
        return new String(out);
    }
}
