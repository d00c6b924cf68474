package dev.stowage.http;

import dev.stowage.api.ByteRange;
import java.io.InputStream;
import java.time.Instant;
import java.util.function.Function;

/**
 * Bytes to send in a response, with what conditional and range requests need to know of them.
 *
 * @param length       the length in bytes, or -1 when unknown (then no ranges are offered)
 * @param contentType  the media type
 * @param etag         the quoted strong entity tag, or {@code null}
 * @param lastModified when the bytes last changed, or {@code null}
 * @param opener       opens a range of the bytes (cut to the end); the caller closes the stream
 */
record Representation(long length, String contentType, String etag, Instant lastModified,
                      Function<ByteRange, InputStream> opener) {
}
