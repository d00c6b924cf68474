package dev.stowage.local;

import dev.stowage.api.AlreadyExistsException;
import dev.stowage.api.NameRejectedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

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
        Path path = resolveFolders(name);
        if (Files.isSymbolicLink(path)) {
            throw linkRefused(name, path);
        }
        return path;
    }

    /**
     * The attributes of the regular file at {@code file}, the path of {@code name} from {@link #resolveFolders},
     * read without following links; empty when nothing, a folder or something else is there. One {@code lstat}
     * checks both that the file is no symbolic link (refused as {@link #resolve} refuses it) and what it is.
     */
    Optional<BasicFileAttributes> regularFile(String name, Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (FileSystemException e) {
            if (e.getMessage() != null && e.getMessage().contains("Not a directory")) {
                return Optional.empty(); // a parent segment is a file
            }
            throw e;
        }
        if (attributes.isSymbolicLink()) {
            throw linkRefused(name, file);
        }
        return attributes.isRegularFile() ? Optional.of(attributes) : Optional.empty();
    }

    /**
     * The path of normalized {@code name}, after checking that no existing folder on the way to it is a symbolic
     * link; the caller checks the file itself, with {@link #regularFile}.
     */
    Path resolveFolders(String name) {
        Path path = root;
        int start = 0;
        for (int slash; (slash = name.indexOf('/', start)) >= 0; start = slash + 1) {
            path = path.resolve(name.substring(start, slash));
            if (Files.isSymbolicLink(path)) {
                throw linkRefused(name, path);
            }
        }
        path = path.resolve(name.substring(start));
        if (!path.normalize().startsWith(root)) {
            throw NameRejectedException.because(name, "it resolves outside the upload directory");
        }
        return path;
    }

    private NameRejectedException linkRefused(String name, Path link) {
        return NameRejectedException.because(name, "its path passes through the symbolic link '"
                + root.relativize(link) + "', which could lead outside the upload directory");
    }

    /**
     * Creates the folders {@code file} (the path of {@code name}) needs, one at a time, following no link, and
     * syncs the folder each new one was made in, so that the new folders last as the file put there will.
     */
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
                syncFolder(path.getParent());
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

    /** Makes the entries of {@code folder} durable: its renames, new files and new folders. */
    static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UncheckedIOException e) {
            // Windows cannot open folders as channels; its renames are durable through the journal.
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
