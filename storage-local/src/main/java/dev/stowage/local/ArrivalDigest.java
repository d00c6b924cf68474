package dev.stowage.local;

import dev.stowage.api.spi.Sha256;
import java.security.MessageDigest;

/**
 * The SHA-256 of a chunked upload's first bytes, hashed as they arrived in order, so completing the upload
 * hashes from disk only what follows them. A chunk is hashed on arrival only when it starts exactly where the
 * hashed bytes end and no other chunk is being written meanwhile; a chunk that rewrites hashed bytes, or that
 * is written while a hashed chunk is, makes the digest unknown (completing then hashes the whole file).
 * Thread-safe.
 */
final class ArrivalDigest {
    private MessageDigest digest;
    private long hashedUntil;
    private int writesInFlight;
    private boolean hashing;

    private ArrivalDigest(MessageDigest digest) {
        this.digest = digest;
    }

    /** The digest of an upload none of whose bytes arrived yet. */
    static ArrivalDigest empty() {
        return new ArrivalDigest(Sha256.newDigest());
    }

    /** The digest of an upload whose earlier bytes are not known to have been hashed. */
    static ArrivalDigest unknown() {
        return new ArrivalDigest(null);
    }

    /**
     * Starts a chunk write at {@code offset}: the digest to update with the chunk's bytes in order, or
     * {@code null} when this chunk is not hashed on arrival. Every call is followed by one {@link #end}.
     */
    synchronized MessageDigest begin(long offset) {
        writesInFlight++;
        if (digest == null) {
            return null;
        }
        if (hashing || offset < hashedUntil) {
            digest = null; // may change bytes already hashed, or being hashed
            return null;
        }
        if (writesInFlight == 1 && offset == hashedUntil) {
            hashing = true;
            return digest;
        }
        return null;
    }

    /**
     * Ends the chunk write begun at {@code offset}, of which {@code written} bytes reached the file and, when
     * {@code succeeded}, were all passed through the digest {@link #begin} gave.
     */
    synchronized void end(MessageDigest hashed, long offset, long written, boolean succeeded) {
        writesInFlight--;
        if (hashed == null) {
            return;
        }
        hashing = false;
        if (!succeeded) {
            digest = null;
        } else if (digest == hashed) {
            hashedUntil = offset + written;
        }
    }

    /**
     * The digest of the first {@link #hashedUntil()} bytes, to be continued with the rest of the file; {@code null}
     * when unknown. Call only once no write is in flight.
     */
    synchronized MessageDigest digest() {
        return digest;
    }

    /** How many of the upload's first bytes {@link #digest()} covers. */
    synchronized long hashedUntil() {
        return digest == null ? 0 : hashedUntil;
    }
}
