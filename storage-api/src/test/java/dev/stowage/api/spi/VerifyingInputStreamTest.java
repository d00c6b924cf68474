package dev.stowage.api.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stowage.api.IntegrityMismatchException;
import dev.stowage.api.PolicyViolationException;
import dev.stowage.api.SaveOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/** The checks of an upload read through a verifying stream, hashing it itself or leaving that to its caller. */
class VerifyingInputStreamTest {
    private static final byte[] DATA = "twelve bytes".getBytes(StandardCharsets.US_ASCII);

    private static String sha256(byte[] bytes) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(bytes);
        return Sha256.hex(digest);
    }

    @Test
    void hashesWhatItReads() throws IOException {
        VerifyingInputStream in = new VerifyingInputStream("a", new ByteArrayInputStream(DATA),
                SaveOptions.builder().expectedSize(DATA.length).expectedSha256(sha256(DATA)).build());
        assertArrayEquals(DATA, in.readAllBytes());
        assertEquals(sha256(DATA), in.finish());
    }

    @Test
    void leftToTheCallerItChecksTheDigestTheCallerHands() throws IOException {
        SaveOptions options = SaveOptions.builder().expectedSize(DATA.length).expectedSha256(sha256(DATA)).build();
        VerifyingInputStream in = VerifyingInputStream.hashedByCaller("a", new ByteArrayInputStream(DATA), options);
        assertArrayEquals(DATA, in.readAllBytes());
        assertThrows(IllegalStateException.class, in::finish);
        assertThrows(IntegrityMismatchException.class, () -> in.finish(sha256(new byte[0])));
        assertEquals(sha256(DATA), in.finish(sha256(DATA)));
    }

    @Test
    void leftToTheCallerItStillChecksSizes() throws IOException {
        VerifyingInputStream shorter = VerifyingInputStream.hashedByCaller("a", new ByteArrayInputStream(DATA),
                SaveOptions.builder().expectedSize(DATA.length + 1).build());
        shorter.readAllBytes();
        assertThrows(IntegrityMismatchException.class, () -> shorter.finish(sha256(DATA)));
        VerifyingInputStream tooLong = VerifyingInputStream.hashedByCaller("a", new ByteArrayInputStream(DATA),
                SaveOptions.builder().maxSize(DATA.length - 1).build());
        assertThrows(PolicyViolationException.class, tooLong::readAllBytes);
    }
}
