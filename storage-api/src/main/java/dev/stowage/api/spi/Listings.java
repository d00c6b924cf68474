package dev.stowage.api.spi;

import dev.stowage.api.ListOptions;
import dev.stowage.api.ListPage;
import dev.stowage.api.StoredFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Cuts listing pages, with prefix, delimiter and page tokens, out of any backend's {@link NameSource}, so
 * every backend pages the same way. Page tokens are opaque strings that say where the last page ended.
 */
public final class Listings {
    private static final String FILE_MARK = "f";
    private static final String PREFIX_MARK = "p";

    private Listings() {
    }

    /**
     * One page of {@code options} over {@code source}; {@code stat} gives each name's details, or empty when
     * the file went away since it was listed (it is then left out).
     *
     * @throws IllegalArgumentException when the page token was not made by this class
     */
    public static ListPage page(ListOptions options, NameSource source, Function<String, Optional<StoredFile>> stat) {
        String prefix = options.prefix();
        String delimiter = options.delimiter();
        String after = null;
        boolean skipPrefix = false;
        if (options.pageToken() != null) {
            String token = decode(options.pageToken());
            skipPrefix = token.startsWith(PREFIX_MARK);
            after = token.substring(1);
        }
        List<StoredFile> files = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        Iterator<String> names = source.names(prefix, after, skipPrefix);
        String last = null;
        boolean lastIsPrefix = false;
        while (files.size() + prefixes.size() < options.pageSize() && names.hasNext()) {
            String name = names.next();
            int cut = delimiter == null ? -1 : name.indexOf(delimiter, prefix.length());
            if (cut >= 0) {
                String common = name.substring(0, cut + delimiter.length());
                prefixes.add(common);
                last = common;
                lastIsPrefix = true;
                names = source.names(prefix, common, true);
            } else {
                Optional<StoredFile> file = stat.apply(name);
                if (file.isPresent()) {
                    files.add(file.get());
                    last = name;
                    lastIsPrefix = false;
                }
            }
        }
        String next = names.hasNext() && last != null ? encode((lastIsPrefix ? PREFIX_MARK : FILE_MARK) + last) : null;
        return new ListPage(files, prefixes, next);
    }

    private static String encode(String token) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith(FILE_MARK) || decoded.startsWith(PREFIX_MARK)) {
                return decoded;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("Not a page token of this listing: '" + token + "'");
    }
}
