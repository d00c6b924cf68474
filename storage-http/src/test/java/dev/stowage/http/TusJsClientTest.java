package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.Storage;
import dev.stowage.api.StoredFile;
import dev.stowage.testkit.StorageFactory;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real tus-js-client, run by Node, uploads to the endpoint unchanged: a new upload in several chunks, and
 * the rest of an upload another client began. Needs {@code bash .ci/install-test-servers} (its {@code npm ci}).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("dev.stowage.http.TusBackends#all")
class TusJsClientTest {
    private static final Path CLIENT = Path.of("src", "test", "tus-js").toAbsolutePath();
    private static final Pattern STORAGE_ID = Pattern.compile("\"storageId\":\"([0-9a-z]+)\"");
    private static final int SIZE = 300_000;

    @Parameter
    StorageFactory backend;
    @TempDir
    Path workDir;
    private Storage storage;
    private TestServer server;
    private Path file;
    private byte[] bytes;

    @BeforeEach
    void start() throws Exception {
        assertTrue(Files.isDirectory(CLIENT.resolve("node_modules").resolve("tus-js-client")),
                "tus-js-client is not installed in " + CLIENT + "; run: bash .ci/install-test-servers");
        Path store = Files.createDirectories(workDir.resolve("store"));
        storage = backend.open(store);
        server = TestServer.serving(storage, Map.of());
        bytes = new byte[SIZE];
        new SplittableRandom(11).nextBytes(bytes);
        file = Files.write(workDir.resolve("report été.bin"), bytes);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void uploadsANewFile() throws Exception {
        StoredFile stored = storage.dir().stat(runClient());

        assertEquals(SIZE, stored.size());
        assertEquals("report été.bin", stored.originalFilename());
        assertStoredWhole(stored.name());
    }

    @Test
    void finishesAnUploadAnotherClientBegan() throws Exception {
        TusClient tus = new TusClient(server.tusEndpoint());
        URI upload = tus.location(tus.create(SIZE, ""));
        assertEquals(204, tus.patch(upload, 0, Arrays.copyOf(bytes, 100_000)).statusCode());

        assertStoredWhole(runClient(upload.toString()));
    }

    private void assertStoredWhole(String storageId) throws Exception {
        try (InputStream in = storage.dir().open(storageId)) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
    }

    /** Runs the client on {@link #file} with {@code arguments} after it; returns the storage id it was told. */
    private String runClient(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "upload.mjs", server.tusEndpoint().toString(),
                file.toString()));
        command.addAll(List.of(arguments));
        Path output = workDir.resolve("client.log");
        Process client = new ProcessBuilder(command).directory(CLIENT.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        boolean finished = client.waitFor(2, TimeUnit.MINUTES);
        if (!finished) {
            client.destroyForcibly();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        assertTrue(finished, "tus-js-client did not finish in 2 minutes:\n" + log);
        assertEquals(0, client.exitValue(), log);
        Matcher storageId = STORAGE_ID.matcher(log);
        assertTrue(storageId.find(), "no storage id in the client's output:\n" + log);
        return storageId.group(1);
    }
}
