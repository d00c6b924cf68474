package dev.stowage.local;

import dev.stowage.api.spi.Sha256;
import java.security.MessageDigest;
import java.util.SplittableRandom;

/** Bytes for tests: repeatable random contents and the SHA-256 Stowage records for them. */
final class TestBytes {
    private TestBytes() {
    }

    /** {@code size} random bytes, the same for the same {@code seed}. */
    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /** The lowercase hex SHA-256 of {@code parts} one after another. */
    static String sha256(byte[]... parts) {
        MessageDigest digest = Sha256.newDigest();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return Sha256.hex(digest);
    }
}
