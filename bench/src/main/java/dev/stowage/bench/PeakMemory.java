package dev.stowage.bench;

import dev.stowage.testkit.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Comparison 7: the peak resident memory ({@code VmHWM}) of a fresh standalone server, heap capped at 128 MiB,
 * after it took one signed-PUT upload of a given size; the file is deleted with the server's folder.
 */
final class PeakMemory {
    private PeakMemory() {
    }

    static double afterUpload(long size) {
        Path work = WorkDirectory.create("memory-");
        try (ServerProcess server = StowageServerProcess.start(work.resolve("uploads"), "128m",
                work.resolve("stowage-server.log"))) {
            StowageUploads uploads = new StowageUploads(server.port());
            uploads.put(uploads.mintPut(size), size);
            return peakResidentBytes(server.pid());
        } finally {
            WorkDirectory.delete(work);
        }
    }

    private static double peakResidentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024.0;
                }
            }
            throw new IllegalStateException("no VmHWM for process " + pid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
