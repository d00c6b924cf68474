package dev.stowage.http;

import dev.stowage.api.Storage;
import dev.stowage.api.StowageConfig;
import dev.stowage.testkit.StorageFactory;
import java.nio.file.Path;
import java.util.Map;

/**
 * A {@link StowageServer} over a test backend in a process of its own, for tests that limit its heap:
 * {@code <StorageFactory class> <work dir> <port> <max upload size>}. Runs until the process is stopped.
 */
public final class TestServerMain {
    private TestServerMain() {
    }

    public static void main(String[] args) throws Exception {
        StorageFactory backend = (StorageFactory) Class.forName(args[0]).getConstructor().newInstance();
        Storage storage = backend.open(Path.of(args[1]));
        StowageServer.start(StowageConfig.of(Map.of(StowageServer.PORT, args[2], HttpSettings.MAX_FILE_SIZE,
                args[3])), storage);
        System.out.println("server on port " + args[2] + " with " + Runtime.getRuntime().maxMemory()
                + " bytes of heap");
    }
}
