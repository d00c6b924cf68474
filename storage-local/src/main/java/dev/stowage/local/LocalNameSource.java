package dev.stowage.local;

import dev.stowage.api.NameRejectedException;
import dev.stowage.api.StorageIOException;
import dev.stowage.api.StorageNames;
import dev.stowage.api.spi.NameOrder;
import dev.stowage.api.spi.NameSource;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The stored names of a local directory, walked lazily, one folder read at a time, in {@link NameOrder}:
 * each folder's entries are sorted with folders as {@code name/}, which makes the walk's order the order of
 * the full names. Folders wholly before the starting point or outside the prefix are never opened. The
 * hidden {@code .stowage} folder, symbolic links and files whose names break the name rules are passed over.
 */
final class LocalNameSource implements NameSource {
    private final Path root;

    LocalNameSource(Path root) {
        this.root = root;
    }

    @Override
    public Iterator<String> names(String prefix, String after, boolean skipPrefix) {
        return new Walk(prefix, after, skipPrefix);
    }

    private final class Walk implements Iterator<String> {
        private final String prefix;
        private final String after;
        private final boolean skipPrefix;
        /** Entries still to visit, per open folder: a key ending in '/' is a folder. */
        private final Deque<Iterator<String>> stack = new ArrayDeque<>();
        private String next;

        Walk(String prefix, String after, boolean skipPrefix) {
            this.prefix = prefix;
            this.after = after;
            this.skipPrefix = skipPrefix;
            stack.push(children("").iterator());
        }

        @Override
        public boolean hasNext() {
            while (next == null && !stack.isEmpty()) {
                Iterator<String> top = stack.peek();
                if (!top.hasNext()) {
                    stack.pop();
                    continue;
                }
                String key = top.next();
                if (key.endsWith("/")) {
                    if (mayHoldWanted(key)) {
                        stack.push(children(key).iterator());
                    }
                } else if (isWanted(key)) {
                    next = key;
                }
            }
            return next != null;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String result = next;
            next = null;
            return result;
        }

        private boolean isWanted(String name) {
            return name.startsWith(prefix)
                    && (after == null || NameOrder.compare(name, after) > 0)
                    && !(skipPrefix && name.startsWith(after));
        }

        /** Whether the folder {@code folder} (ending in '/') can hold any name this walk returns. */
        private boolean mayHoldWanted(String folder) {
            if (!folder.startsWith(prefix) && !prefix.startsWith(folder)) {
                return false;
            }
            if (after == null || after.startsWith(folder)) {
                return true;
            }
            if (skipPrefix && folder.startsWith(after)) {
                return false;
            }
            return NameOrder.compare(folder, after) > 0;
        }

        /** The sorted keys of the folder {@code folder} ("" for the root, else ending in '/'). */
        private List<String> children(String folder) {
            List<String> keys = new ArrayList<>();
            Path path = folder.isEmpty() ? root : root.resolve(folder);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                for (Path entry : entries) {
                    String key = folder + entry.getFileName().toString();
                    if (Files.isSymbolicLink(entry) || (folder.isEmpty() && key.equals(StorageNames.RESERVED_SEGMENT))) {
                        continue;
                    }
                    if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                        keys.add(key + "/");
                    } else if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) && isValidName(key)) {
                        keys.add(key);
                    }
                }
            } catch (NoSuchFileException e) {
                return keys; // removed while walking
            } catch (IOException e) {
                throw StorageIOException.during("list", folder.isEmpty() ? "/" : folder, e);
            }
            keys.sort(NameOrder.COMPARATOR);
            return keys;
        }

        private boolean isValidName(String key) {
            try {
                return StorageNames.normalize(key).equals(key);
            } catch (NameRejectedException e) {
                return false;
            }
        }
    }
}
