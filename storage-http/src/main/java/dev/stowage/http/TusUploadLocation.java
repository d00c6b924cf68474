package dev.stowage.http;

import dev.stowage.api.StorageId;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last path segment of a tus upload's URL, {@code <uploadId>.<name>.<length>.<expires>}: everything the
 * endpoint needs to answer for the upload without keeping state of its own. The chunk sink's upload id, the
 * storage id the file is stored under once complete, the declared length and the expiry in epoch seconds
 * (which only drives {@code Upload-Expires}; the backend's removal of old uploads does not trust it). A client
 * that alters the segment reaches no one else's data: the upload id is the secret, and the sink enforces the
 * length it was opened with. Numbers are canonical (no leading zeros), so one upload has exactly one segment.
 *
 * @param uploadId the {@link dev.stowage.api.ChunkSink#uploadId()}
 * @param name     the storage id the file is stored under
 * @param length   the declared {@code Upload-Length}
 * @param expires  when the upload may be removed, to the second
 */
record TusUploadLocation(String uploadId, String name, long length, Instant expires) {
    private static final Pattern SEGMENT = Pattern.compile(
            "([0-9a-z]{" + StorageId.LENGTH + "})\\.([0-9a-z]{" + StorageId.LENGTH + "})\\.(0|[1-9]\\d{0,17})\\."
            + "(0|[1-9]\\d{0,11})");

    /** The location in {@code segment}, or empty when it is not one this endpoint made. */
    static Optional<TusUploadLocation> parse(String segment) {
        Matcher m = SEGMENT.matcher(segment);
        if (!m.matches() || !StorageId.isWellFormed(m.group(1)) || !StorageId.isWellFormed(m.group(2))) {
            return Optional.empty();
        }
        return Optional.of(new TusUploadLocation(m.group(1), m.group(2), Long.parseLong(m.group(3)),
                Instant.ofEpochSecond(Long.parseLong(m.group(4)))));
    }

    /** The path segment naming this upload. */
    String segment() {
        return uploadId + "." + name + "." + length + "." + expires.getEpochSecond();
    }

    /** Whether the upload's expiry has passed at {@code now}. */
    boolean expiredAt(Instant now) {
        return now.isAfter(expires);
    }
}
