package dev.stowage.bench;

import dev.stowage.testkit.ServerBinary;
import dev.stowage.testkit.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** fake-gcs-server (from the test servers' cache) on a free loopback port, objects in memory. */
final class FakeGcsProcess {
    private FakeGcsProcess() {
    }

    static ServerProcess start(Path home) {
        int port = ServerProcess.freePort();
        String address = "127.0.0.1:" + port;
        return ServerProcess.start("fake-gcs-server", List.of(ServerBinary.require("fake-gcs-server").toString(),
                "-scheme", "http", "-backend", "memory", "-host", "127.0.0.1", "-port", Integer.toString(port),
                "-public-host", address, "-external-url", "http://" + address, "-log-level", "warn"), Map.of(), port,
                home.resolve("fake-gcs-server.log"), Duration.ofSeconds(30));
    }
}
