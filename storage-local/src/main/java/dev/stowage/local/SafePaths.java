package dev.stowage.local;

import dev.stowage.api.AlreadyExistsException;
import dev.stowage.api.NameRejectedException;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Maps normalized names to paths under one root and never lets one leave it: a name whose path would pass
 * through a symbolic link (planted inside the directory, say) is refused, and folders are created one
 * segment at a time without following links.
 */
final class SafePaths {
    private final Path root;

    /** Paths under {@code root}, which must be a real path (no links in it). */
    SafePaths(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /**
     * The path of normalized {@code name}, after checking that no existing folder on the way to it, nor the
     * file itself, is a symbolic link.
     */
    Path resolve(String name) {
        Path path = root;
        String[] segments = name.split("/");
        for (String segment : segments) {
            path = path.resolve(segment);
            if (Files.isSymbolicLink(path)) {
                throw NameRejectedException.because(name, "its path passes through the symbolic link '"
                        + root.relativize(path) + "', which could lead outside the upload directory");
            }
        }
        if (!path.normalize().startsWith(root)) {
            throw NameRejectedException.because(name, "it resolves outside the upload directory");
        }
        return path;
    }

    /** Creates the folders {@code file} (the path of {@code name}) needs, one at a time, following no link. */
    void createParents(Path file, String name) throws IOException {
        Path parent = file.getParent();
        if (parent.equals(root) || Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path path = root;
        for (Path segment : root.relativize(parent)) {
            path = path.resolve(segment);
            try {
                Files.createDirectory(path);
            } catch (FileAlreadyExistsException e) {
                if (Files.isSymbolicLink(path)) {
                    throw NameRejectedException.because(name, "its path passes through the symbolic link '"
                            + root.relativize(path) + "'");
                }
                if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    throw AlreadyExistsException.asFolder(name, root.relativize(path).toString().replace('\\', '/'));
                }
            }
        }
    }

    /** Removes the folders above {@code file} that have become empty, up to the root. */
    void removeEmptyParents(Path file) {
        Path folder = file.getParent();
        while (folder != null && !folder.equals(root) && folder.startsWith(root)) {
            try {
                Files.delete(folder);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            } catch (IOException e) {
                return; // best effort: an empty folder left behind is harmless
            }
            folder = folder.getParent();
        }
    }
}
