package dev.stowage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A byte range of one version of an object (pinned by its ETag, when given), read with one GET that is taken up again
 * where it stopped when the connection drops, stalls past the socket timeout or ends early: up to
 * {@link #RESUMES} times, each time asking for the rest with {@code If-Match}, so the bytes can only come from
 * the version the read began with. A version replaced or deleted meanwhile ends the read with an
 * {@link IOException} that says so; the stream never ends early without one.
 */
final class ObjectReader extends InputStream {
    /** How often one read is taken up again after its connection failed. */
    static final int RESUMES = 3;

    private final S3Bucket bucket;
    private final String name;
    private final String key;
    private final String eTag;
    private final long end;
    private long position;
    private int resumesLeft = RESUMES;
    private ResponseInputStream<GetObjectResponse> current;
    private boolean closed;

    /**
     * Opens bytes {@code offset} to {@code offset + length} (exclusive) of {@code key} at version {@code eTag} (null
     * for an object of the backend's own that nothing replaces): the first GET is sent now.
     *
     * @throws SdkException as the GET failed (412: the object is no longer that version; 404: it is gone)
     */
    ObjectReader(S3Bucket bucket, String name, String key, String eTag, long offset, long length) {
        this.bucket = bucket;
        this.name = name;
        this.key = key;
        this.eTag = eTag;
        this.position = offset;
        this.end = offset + length;
        this.current = get();
    }

    private ObjectReader(S3Bucket bucket, String name, String key, long offset,
            ResponseInputStream<GetObjectResponse> first) {
        this.bucket = bucket;
        this.name = name;
        this.key = key;
        this.eTag = first.response().eTag();
        this.position = offset;
        this.end = offset + first.response().contentLength();
        this.current = first;
    }

    /**
     * Opens up to {@code length} bytes ({@link Long#MAX_VALUE}: all) from {@code offset} of the version of
     * {@code key} there now, with one GET whose answer tells that version (its ETag, which later resumes ask for)
     * and how many bytes the range holds: a read costs one request, as with the SDK alone.
     *
     * @throws SdkException as the GET failed (404: no such object; 416: the range starts at or past its end)
     */
    static ObjectReader openCurrent(S3Bucket bucket, String name, String key, long offset, long length) {
        boolean whole = offset == 0 && length == Long.MAX_VALUE;
        String last = length == Long.MAX_VALUE ? "" : Long.toString(offset + length - 1);
        return new ObjectReader(bucket, name, key, offset, bucket.client().getObject(b -> {
            b.bucket(bucket.bucket()).key(key);
            if (!whole) {
                b.range("bytes=" + offset + "-" + last);
            }
        }));
    }

    private ResponseInputStream<GetObjectResponse> get() {
        return bucket.client().getObject(b -> b.bucket(bucket.bucket()).key(key).ifMatch(eTag)
                .range("bytes=" + position + "-" + (end - 1)));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("the stream of '" + name + "' is closed");
        }
        if (length == 0) {
            return 0;
        }
        while (true) {
            if (position >= end) {
                return -1;
            }
            if (current == null) {
                resume();
            }
            try {
                int n = current.read(buffer, offset, (int) Math.min(length, end - position));
                if (n < 0) {
                    throw new IOException("S3 ended the body of '" + name + "' " + (end - position)
                            + " bytes early");
                }
                position += n;
                return n;
            } catch (IOException e) {
                abortCurrent();
                if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
                    throw e; // the thread was interrupted, not the connection broken
                }
                if (resumesLeft-- <= 0 || Thread.currentThread().isInterrupted()) {
                    throw new IOException("Could not read '" + name + "' from byte " + position + ": "
                            + e.getMessage() + " (the read was taken up again " + RESUMES + " times)", e);
                }
            }
        }
    }

    /** Asks for the rest of the range, of the same version. */
    private void resume() throws IOException {
        try {
            current = get();
        } catch (SdkException e) {
            String why = S3Bucket.isNotFound(e) ? "it was deleted while it was read"
                    : S3Bucket.isPreconditionFailed(e) ? "it was replaced while it was read"
                    : e.getMessage();
            throw new IOException("Could not read '" + name + "' from byte " + position + ": " + why, e);
        }
    }

    private void abortCurrent() {
        if (current != null) {
            current.abort();
            try {
                current.close();
            } catch (IOException | RuntimeException e) {
                // aborted
            }
            current = null;
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (current != null) {
            if (position < end) {
                current.abort(); // do not drain the rest of a large body to reuse the connection
            }
            try {
                current.close();
            } catch (IOException | RuntimeException e) {
                // closing anyway
            }
            current = null;
        }
    }
}
