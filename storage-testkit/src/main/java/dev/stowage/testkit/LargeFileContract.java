package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.Capability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every upload path streams: a file far larger than the heap goes through {@code save} and through a chunk
 * sink (8 MiB chunks, shuffled) in a child JVM whose heap is {@link #childHeap()}, and its SHA-256 matches.
 * Backends that hold files in memory (no {@link Capability#LARGE_FILES}) skip it.
 */
public abstract class LargeFileContract extends StorageContract {

    /** The size of the file moved; 2 GiB unless a backend's test picks less for a slow server. */
    protected long largeFileSize() {
        return 2L * 1024 * 1024 * 1024;
    }

    /** The child JVM's heap limit. */
    protected String childHeap() {
        return "64m";
    }

    /** System properties the child JVM needs to reach the backend (a test server's port, say). */
    protected Map<String, String> childSystemProperties() {
        return Map.of();
    }

    @Test
    void savesAFileFarLargerThanTheHeap() throws Exception {
        runProbe("save");
    }

    @Test
    void takesAChunkedUploadFarLargerThanTheHeap() throws Exception {
        runProbe("chunks");
    }

    private void runProbe(String mode) throws IOException, InterruptedException {
        Assumptions.assumeTrue(storage.capabilities().has(Capability.LARGE_FILES),
                storage.backend() + " holds files in memory");
        storage.close();
        storage = null;
        Path output = Files.createTempFile(workDir.getParent(), "large-file-probe", ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + childHeap());
        childSystemProperties().forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LargeFileProbe.class.getName());
        command.add(factory().getClass().getName());
        command.add(workDir.toString());
        command.add(Long.toString(largeFileSize()));
        command.add(mode);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = child.waitFor(15, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        assertTrue(finished, "the probe did not finish in 15 minutes:\n" + log);
        assertEquals(0, child.exitValue(), log);
        assertTrue(log.startsWith("OK " + largeFileSize() + " "), log);
        System.out.println(getClass().getName() + " " + mode + ": " + log.trim());
    }
}
