package dev.stowage.api;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing, in the byte order of the names' UTF-8 form (as S3 and GCS list).
 *
 * @param files          the files on this page
 * @param commonPrefixes the rolled-up prefixes on this page (only when a delimiter was given)
 * @param nextPageToken  where the next page starts, or {@code null} on the last page
 */
public record ListPage(List<StoredFile> files, List<String> commonPrefixes, String nextPageToken) {
    public ListPage {
        files = List.copyOf(files);
        commonPrefixes = List.copyOf(commonPrefixes);
    }

    /** The token for the next page, empty on the last page. */
    public Optional<String> next() {
        return Optional.ofNullable(nextPageToken);
    }
}
