package dev.stowage.api.spi;

import dev.stowage.api.IntegrityMismatchException;
import dev.stowage.api.SaveOptions;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes an upload's bytes through while counting and hashing them: fails as soon as more bytes arrive than
 * the size limit or the declared size allows, and at the end checks size and SHA-256 against what the
 * {@link SaveOptions} expect. Backends read the upload through it and store nothing when it throws.
 */
public final class VerifyingInputStream extends WholeReadInputStream {
    private final String name;
    private final SaveOptions options;
    private final MessageDigest digest = Sha256.newDigest();
    private final UploadLimit limit;
    private long count;

    /** Wraps {@code in}, the upload of {@code name} saved with {@code options}. */
    public VerifyingInputStream(String name, InputStream in, SaveOptions options) {
        super(in);
        this.name = name;
        this.options = options;
        this.limit = new UploadLimit(name, options);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            count += n;
            limit.check(count);
            digest.update(buffer, offset, n);
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
        if (options.expectedSize() >= 0 && count != options.expectedSize()) {
            throw IntegrityMismatchException.size(name, options.expectedSize(), count);
        }
        String actual = Sha256.hex(digest);
        if (options.expectedSha256() != null && !options.expectedSha256().equals(actual)) {
            throw IntegrityMismatchException.sha256(name, options.expectedSha256(), actual);
        }
        return actual;
    }

}
