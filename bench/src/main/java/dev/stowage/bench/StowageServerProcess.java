package dev.stowage.bench;

import dev.stowage.testkit.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The standalone server ({@code stowage-server.jar}, path in {@code bench.server-jar}) on a free port; the
 * system property {@code bench.server-jvm-args} adds JVM options (a profiler: {@code -XX:StartFlightRecording=...}).
 */
final class StowageServerProcess {
    static final String JAR = "bench.server-jar";

    private StowageServerProcess() {
    }

    static ServerProcess start(Path uploadDirectory, String maxHeap, Path log) {
        int port = ServerProcess.freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + maxHeap));
        String extra = System.getProperty("bench.server-jvm-args", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-Dstowage.http.max-file-size=4GiB", "-Dstowage.http.max-request-size=5GiB",
                "-jar", System.getProperty(JAR)));
        return ServerProcess.start("Stowage server", command,
                Map.of("STOWAGE_HTTP_PORT", Integer.toString(port), "STOWAGE_UPLOAD_DIR", uploadDirectory.toString()),
                port, log, Duration.ofSeconds(60));
    }
}
