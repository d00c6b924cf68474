package dev.stowage.gcs;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dev.stowage.api.spi.NameSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The names in a bucket location, straight from GCS's listing (which is in UTF-8 byte order, the order
 * Stowage lists in), fetched a page at a time; hidden and placeholder keys are left out.
 */
final class GcsNameSource implements NameSource {
    private static final long PAGE_SIZE = 1000;

    private final Storage storage;
    private final BucketLocation location;

    GcsNameSource(Storage storage, BucketLocation location) {
        this.storage = storage;
        this.location = location;
    }

    @Override
    public Iterator<String> names(String prefix, String after, boolean skipPrefix) {
        List<Storage.BlobListOption> options = new ArrayList<>(List.of(
                Storage.BlobListOption.prefix(location.key(prefix)), Storage.BlobListOption.pageSize(PAGE_SIZE),
                Storage.BlobListOption.fields(Storage.BlobField.NAME)));
        if (after != null) {
            options.add(Storage.BlobListOption.startOffset(location.key(skipPrefix ? successor(after) : after)));
        }
        Iterator<Blob> blobs;
        try {
            blobs = storage.list(location.bucket(), options.toArray(Storage.BlobListOption[]::new))
                    .iterateAll().iterator();
        } catch (StorageException e) {
            throw GcsErrors.translate("list", prefix.isEmpty() ? location.toString() : prefix, e);
        }
        return new Iterator<>() {
            private String next;

            @Override
            public boolean hasNext() {
                while (next == null && blobs.hasNext()) {
                    Optional<String> name = location.nameOf(blobs.next().getName());
                    if (name.isPresent() && (after == null || (name.get().compareTo(after) != 0
                            && !(skipPrefix && name.get().startsWith(after))))) {
                        next = name.get();
                    }
                }
                return next != null;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String name = next;
                next = null;
                return name;
            }
        };
    }

    /** The first string after every string that starts with {@code prefix}, in code-point order. */
    private static String successor(String prefix) {
        int last = prefix.codePointBefore(prefix.length());
        if (last == Character.MAX_CODE_POINT) {
            return prefix;
        }
        int next = last + 1 == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : last + 1;
        return prefix.substring(0, prefix.length() - Character.charCount(last)) + new String(Character.toChars(next));
    }
}
