package dev.stowage.api.spi;

import dev.stowage.api.IntegrityMismatchException;
import dev.stowage.api.SaveOptions;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes an upload's bytes through while counting and hashing them: fails as soon as more bytes arrive than
 * the size limit or the declared size allows, and at the end checks size and SHA-256 against what the
 * {@link SaveOptions} expect. Backends read the upload through it and store nothing when it throws. A backend
 * that hashes the bytes elsewhere (on another thread, say) reads through {@link #hashedByCaller} instead.
 */
public final class VerifyingInputStream extends WholeReadInputStream {
    private final String name;
    private final SaveOptions options;
    /** The digest of the bytes read, or {@code null} when the caller hashes them. */
    private final MessageDigest digest;
    private final UploadLimit limit;
    private long count;

    /** Wraps {@code in}, the upload of {@code name} saved with {@code options}. */
    public VerifyingInputStream(String name, InputStream in, SaveOptions options) {
        this(name, in, options, Sha256.newDigest());
    }

    private VerifyingInputStream(String name, InputStream in, SaveOptions options, MessageDigest digest) {
        super(in);
        this.name = name;
        this.options = options;
        this.limit = new UploadLimit(name, options);
        this.digest = digest;
    }

    /**
     * Wraps {@code in} like the constructor but leaves hashing to the caller, who passes the SHA-256 of exactly
     * the bytes read to {@link #finish(String)}.
     */
    public static VerifyingInputStream hashedByCaller(String name, InputStream in, SaveOptions options) {
        return new VerifyingInputStream(name, in, options, null);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            count += n;
            limit.check(count);
            if (digest != null) {
                digest.update(buffer, offset, n);
            }
            options.progress().onProgress(count, options.expectedSize());
        }
        return n;
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }

    /**
     * After the stream's end: checks the declared size and expected SHA-256 and returns the SHA-256 (hex).
     *
     * @throws IntegrityMismatchException when either differs
     */
    public String finish() {
        if (digest == null) {
            throw new IllegalStateException("the caller hashes this upload: finish(String) takes its SHA-256");
        }
        return finish(Sha256.hex(digest));
    }

    /**
     * After the stream's end: checks the declared size, and {@code actual}, the SHA-256 (hex) the caller computed
     * over exactly the bytes read, against the expected one; returns {@code actual}.
     *
     * @throws IntegrityMismatchException when either differs
     */
    public String finish(String actual) {
        if (options.expectedSize() >= 0 && count != options.expectedSize()) {
            throw IntegrityMismatchException.size(name, options.expectedSize(), count);
        }
        if (options.expectedSha256() != null && !options.expectedSha256().equals(actual)) {
            throw IntegrityMismatchException.sha256(name, options.expectedSha256(), actual);
        }
        return actual;
    }

}
