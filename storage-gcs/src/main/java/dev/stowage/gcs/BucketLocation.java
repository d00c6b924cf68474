package dev.stowage.gcs;

import dev.stowage.api.StorageNames;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the upload directory lives: a bucket and an optional key prefix. Maps a normalized name to its
 * object key and back, and knows the hidden area {@code <prefix>.stowage/} that holds unfinished uploads,
 * which no name can reach and no listing shows.
 *
 * @param bucket the bucket's name
 * @param root   the key prefix every name is stored under: empty, or a normalized prefix ending in {@code /}
 */
record BucketLocation(String bucket, String root) {

    /** The location of {@code prefix} (may be empty or end in {@code /}) in {@code bucket}. */
    static BucketLocation of(String bucket, String prefix) {
        String trimmed = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        return new BucketLocation(bucket, trimmed.isEmpty() ? "" : StorageNames.normalize(trimmed) + "/");
    }

    /** The object key of a normalized name. */
    String key(String name) {
        return root + name;
    }

    /** The keys of everything an unfinished upload keeps start with this. */
    String uploadsPrefix() {
        return root + StorageNames.RESERVED_SEGMENT + "/uploads/";
    }

    /** The key of {@code part} ({@code state}, {@code tail}, {@code data}) of the unfinished upload {@code uploadId}. */
    String uploadKey(String uploadId, String part) {
        return uploadsPrefix() + uploadId + "/" + part;
    }

    /**
     * The name an object key stands for, or empty when the key is outside the prefix, in the hidden area, or a
     * folder placeholder (ending in {@code /}).
     */
    Optional<String> nameOf(String key) {
        if (!key.startsWith(root) || key.endsWith("/") || key.length() == root.length()) {
            return Optional.empty();
        }
        String name = key.substring(root.length());
        int slash = name.indexOf('/');
        String first = slash < 0 ? name : name.substring(0, slash);
        return first.toLowerCase(Locale.ROOT).equals(StorageNames.RESERVED_SEGMENT.toLowerCase(Locale.ROOT))
                ? Optional.empty() : Optional.of(name);
    }

    /** {@code gs://bucket/prefix}. */
    @Override
    public String toString() {
        return "gs://" + bucket + "/" + root;
    }
}
