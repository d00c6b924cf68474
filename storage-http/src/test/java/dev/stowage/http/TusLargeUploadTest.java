package dev.stowage.http;

import static dev.stowage.http.TusClient.header;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.api.Storage;
import dev.stowage.api.StoredFile;
import dev.stowage.testkit.GeneratedStream;
import dev.stowage.testkit.ServerProcess;
import dev.stowage.testkit.StorageFactory;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 2 GiB through tus into a server whose heap is 128 MiB, in chunks of 512 MiB (the first one checksummed, so
 * spooled): every path of the endpoint streams, and the stored file's SHA-256 is the one sent.
 */
class TusLargeUploadTest {
    private static final long SIZE = 2L << 30;
    private static final long CHUNK = 512L << 20;
    private static final long SEED = 2024;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stowage.http.TusBackends#all")
    void twoGibibytesPassThroughASmallHeap(StorageFactory backend) throws Exception {
        Path workDir = Files.createDirectories(tmp.resolve("store"));
        int port = ServerProcess.freePort();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), TestServerMain.class.getName(),
                backend.getClass().getName(), workDir.toString(), Integer.toString(port), Long.toString(SIZE));
        String storageId;
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        try (ServerProcess server = ServerProcess.start("tus server", command, Map.of(), port,
                tmp.resolve("server.log"), Duration.ofSeconds(60))) {
            TusClient tus = new TusClient(URI.create(server.httpUrl() + StowageServlets.TUS_PATH));
            URI upload = tus.location(tus.create(SIZE, ""));
            HttpResponse<String> patched = null;
            try (InputStream file = new DigestInputStream(new GeneratedStream(SEED, SIZE), sent)) {
                for (long offset = 0; offset < SIZE; offset += CHUNK) {
                    var request = TusClient.patchRequest(upload, offset, slice(file));
                    if (offset == 0) {
                        request.header("Upload-Checksum", "sha256 " + firstChunkSha256());
                    }
                    patched = tus.send(request);
                    assertEquals(204, patched.statusCode(), patched.body() + "\n" + server.logTail());
                    assertEquals(Long.toString(offset + CHUNK), header(patched, "Upload-Offset"));
                }
            }
            storageId = header(patched, TusServlet.STORAGE_ID_HEADER);
        }
        try (Storage storage = backend.reopen(workDir)) {
            StoredFile stored = storage.dir().stat(storageId);
            assertEquals(SIZE, stored.size());
            assertEquals(HexFormat.of().formatHex(sent.digest()), stored.sha256());
        }
    }

    /** The next {@link #CHUNK} bytes of {@code file} as a request body of known length. */
    private static BodyPublisher slice(InputStream file) {
        InputStream chunk = new FilterInputStream(file) {
            private long remaining = CHUNK;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(buffer, offset, (int) Math.min(length, remaining));
                remaining -= Math.max(n, 0);
                return n;
            }

            @Override
            public void close() {
                // the file goes on in the next chunk
            }
        };
        return BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> chunk), CHUNK);
    }

    private static String firstChunkSha256() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream first = new DigestInputStream(new GeneratedStream(SEED, CHUNK), digest)) {
            first.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return Base64.getEncoder().encodeToString(digest.digest());
    }
}
