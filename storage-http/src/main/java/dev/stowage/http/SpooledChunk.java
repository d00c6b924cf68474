package dev.stowage.http;

import dev.stowage.api.spi.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;

/**
 * A chunk held in a temporary file with its SHA-256, so its checksum is known before any of its bytes reach the
 * upload. Streamed through a buffer, never held in memory; the file is deleted on {@link #close()}.
 */
final class SpooledChunk implements AutoCloseable {
    private final Path file;
    private final byte[] sha256;

    private SpooledChunk(Path file, byte[] sha256) {
        this.file = file;
        this.sha256 = sha256;
    }

    /** Copies {@code data} to its end into a new temporary file, hashing it on the way. */
    static SpooledChunk spool(InputStream data) throws IOException {
        Path file = Files.createTempFile("stowage-tus-", ".chunk");
        try (OutputStream out = Files.newOutputStream(file)) {
            MessageDigest digest = Sha256.newDigest();
            new DigestInputStream(data, digest).transferTo(out);
            return new SpooledChunk(file, digest.digest());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** Whether the chunk's SHA-256 is {@code expected}. */
    boolean hasSha256(byte[] expected) {
        return MessageDigest.isEqual(sha256, expected);
    }

    /** The chunk's bytes; the caller closes the stream. */
    InputStream open() throws IOException {
        return Files.newInputStream(file);
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
