package dev.stowage.http;

import dev.stowage.api.Storage;
import dev.stowage.testkit.StorageFactory;
import java.nio.file.Path;

/**
 * A tus server in a process of its own, for tests that limit its heap: {@code <StorageFactory class> <work dir>
 * <port> <max upload size>}. Runs until the process is stopped.
 */
public final class TusServerMain {
    private TusServerMain() {
    }

    public static void main(String[] args) throws Exception {
        StorageFactory backend = (StorageFactory) Class.forName(args[0]).getConstructor().newInstance();
        Storage storage = backend.open(Path.of(args[1]));
        TusTestServer.start(storage, TusSettings.defaults().withMaxSize(Long.parseLong(args[3])),
                Integer.parseInt(args[2]));
        System.out.println("tus server on port " + args[2] + " with " + Runtime.getRuntime().maxMemory()
                + " bytes of heap");
    }
}
