package dev.stowage.s3;

import dev.stowage.api.NameRejectedException;
import dev.stowage.api.StorageNames;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where names live in the bucket: each name's object key is the configured prefix followed by the name, and
 * the backend's own objects live under {@code <prefix>.stowage/}, a segment no name may start with, so listings
 * never mix the two: staging objects under {@code staging/}, and under {@code uploads/<uploadId>/} each
 * unfinished chunked upload's {@code state}, its {@code tail-<offset>} objects and its multipart {@code data}.
 */
final class S3Keys {
    private final String prefix;

    /** Keys under {@code prefix} ({@code ""} for the whole bucket; a missing trailing slash is added). */
    S3Keys(String prefix) {
        String trimmed = prefix.startsWith("/") ? prefix.substring(1) : prefix;
        this.prefix = trimmed.isEmpty() || trimmed.endsWith("/") ? trimmed : trimmed + "/";
    }

    /** The prefix every key of this directory starts with: empty, or ending in {@code /}. */
    String prefix() {
        return prefix;
    }

    /**
     * The object key of {@code name} (already normalized).
     *
     * @throws NameRejectedException when the prefix makes the key longer than S3's 1,024 bytes
     */
    String key(String name) {
        String key = prefix + name;
        if (!prefix.isEmpty() && key.getBytes(StandardCharsets.UTF_8).length > StorageNames.MAX_NAME_BYTES) {
            throw NameRejectedException.because(name, "under the key prefix '" + prefix + "' its S3 key would be "
                    + key.getBytes(StandardCharsets.UTF_8).length + " bytes, more than S3's "
                    + StorageNames.MAX_NAME_BYTES);
        }
        return key;
    }

    /** The name stored at {@code key}, a key under {@link #prefix()}. */
    String name(String key) {
        return key.substring(prefix.length());
    }

    /** The folder of staging objects: parts of uploads not yet made visible. */
    String stagingPrefix() {
        return prefix + StorageNames.RESERVED_SEGMENT + "/staging/";
    }

    /** A staging key for one upload, {@code id} being unique to it. */
    String stagingKey(String id) {
        return stagingPrefix() + id;
    }

    /** The folder of unfinished chunked uploads, one sub-folder per upload id. */
    String uploadsPrefix() {
        return prefix + StorageNames.RESERVED_SEGMENT + "/uploads/";
    }

    /** The folder of the unfinished chunked upload {@code uploadId}. */
    String uploadFolder(String uploadId) {
        return uploadsPrefix() + uploadId + "/";
    }

    /** The upload id whose folder holds {@code key}, a key under {@link #uploadsPrefix()}. */
    String uploadIdOf(String key) {
        String rest = key.substring(uploadsPrefix().length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** Whether {@code key} is the backend's own (staging), not a stored file. */
    boolean isReserved(String key) {
        String rest = key.substring(prefix.length());
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        return first.toLowerCase(Locale.ROOT).equals(StorageNames.RESERVED_SEGMENT);
    }
}
