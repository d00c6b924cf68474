package dev.stowage.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the executable of a test server that {@code .ci/install-test-servers} builds (MinIO, fake-gcs-server):
 * in {@code $STOWAGE_TOOLS_DIR} (or the system property {@code stowage.tools-dir}), then in
 * {@code ~/.cache/stowage/bin}, then on the {@code PATH}. A missing server is an error that names the command
 * installing it, never a silent skip.
 */
public final class ServerBinary {
    /** The script that installs every test server. */
    public static final String INSTALL_COMMAND = "bash .ci/install-test-servers";

    private ServerBinary() {
    }

    /**
     * The executable called {@code name}.
     *
     * @throws IllegalStateException naming where it was looked for and {@link #INSTALL_COMMAND}
     */
    public static Path require(String name) {
        List<Path> tried = new ArrayList<>();
        for (Path dir : searchPath()) {
            Path candidate = dir.resolve(name);
            tried.add(candidate);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("The test server '" + name + "' is not installed (looked at "
                + tried.subList(0, Math.min(tried.size(), 2)) + " and the PATH). Install it with: "
                + INSTALL_COMMAND);
    }

    private static List<Path> searchPath() {
        List<Path> dirs = new ArrayList<>();
        String configured = System.getProperty("stowage.tools-dir", System.getenv("STOWAGE_TOOLS_DIR"));
        if (configured != null && !configured.isBlank()) {
            dirs.add(Path.of(configured));
        }
        dirs.add(Path.of(System.getProperty("user.home"), ".cache", "stowage", "bin"));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    dirs.add(Path.of(entry));
                }
            }
        }
        return dirs;
    }
}
