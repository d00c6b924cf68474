package dev.stowage.api;

import java.util.Objects;

/**
 * What to list: names under {@code prefix}, grouped at {@code delimiter} (like folders, when it is
 * {@code "/"}), at most {@code pageSize} a page, starting after the page a {@code pageToken} ended.
 *
 * @param prefix    only names that start with this ("" for all)
 * @param delimiter when not {@code null}, names with the delimiter after the prefix are rolled up into one
 *                  common prefix each
 * @param pageSize  the most entries (files plus common prefixes) a page holds, 1 to 10,000
 * @param pageToken where the previous page ended, or {@code null} for the first page
 */
public record ListOptions(String prefix, String delimiter, int pageSize, String pageToken) {
    /** The page size used unless another is asked for. */
    public static final int DEFAULT_PAGE_SIZE = 1000;

    public ListOptions {
        Objects.requireNonNull(prefix, "prefix");
        if (delimiter != null && delimiter.isEmpty()) {
            throw new IllegalArgumentException("delimiter must be null or non-empty");
        }
        if (pageSize < 1 || pageSize > 10_000) {
            throw new IllegalArgumentException("pageSize must be 1 to 10000: " + pageSize);
        }
    }

    /** Every name, a page of {@value #DEFAULT_PAGE_SIZE} at a time. */
    public static ListOptions all() {
        return new ListOptions("", null, DEFAULT_PAGE_SIZE, null);
    }

    /** Names starting with {@code prefix}. */
    public static ListOptions prefix(String prefix) {
        return new ListOptions(prefix, null, DEFAULT_PAGE_SIZE, null);
    }

    public ListOptions withDelimiter(String newDelimiter) {
        return new ListOptions(prefix, newDelimiter, pageSize, pageToken);
    }

    public ListOptions withPageSize(int newPageSize) {
        return new ListOptions(prefix, delimiter, newPageSize, pageToken);
    }

    public ListOptions withPageToken(String newPageToken) {
        return new ListOptions(prefix, delimiter, pageSize, newPageToken);
    }
}
