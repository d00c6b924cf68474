package dev.stowage.bench;

import dev.stowage.local.LocalStorage;
import dev.stowage.testkit.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Comparisons 4 and 5: the standalone server and nginx side by side on one upload folder, serving the same
 * files and taking uploads into the same disk. Every uploaded file is deleted right after its measurement.
 */
final class HttpBench implements AutoCloseable {
    private static final String BIG = "bench-big";
    private static final String SMALL = "bench-4k";

    private final long size;
    private final Path work;
    private final Path nginxPuts;
    private final LocalStorage local;
    private final ServerProcess stowage;
    private final ServerProcess nginx;
    private final StowageUploads uploads;

    HttpBench(long size) {
        this.size = size;
        work = WorkDirectory.create("http-");
        Path folder = work.resolve("uploads");
        nginxPuts = work.resolve("nginx-puts");
        local = LocalStorage.open(folder);
        local.dir().save(BIG, new Payload(size));
        local.dir().save(SMALL, new Payload(4096));
        stowage = StowageServerProcess.start(folder, "512m", work.resolve("stowage-server.log"));
        nginx = Nginx.start(folder, nginxPuts, work);
        uploads = new StowageUploads(stowage.port());
    }

    /** Comparison 4: downloads of the big file (MB/s) and of a 4 KiB one (requests/s over 64 connections). */
    List<Comparison> downloads(int wrkSeconds) {
        return List.of(
                new Comparison("HTTP download " + Bench.sizeName(size), "nginx sendfile",
                        Figure.megabytesPerSecond(size),
                        Goal.speedAtLeast(1.0),
                        () -> download(stowage, "/_upload/" + BIG), () -> download(nginx, "/" + BIG)),
                new Comparison("HTTP download 4 KiB, 64 connections", "nginx sendfile", Figure.rate("req/s", 1),
                        Goal.speedAtLeast(0.8),
                        () -> Wrk.secondsPerRequest(stowage.httpUrl() + "/_upload/" + SMALL, wrkSeconds),
                        () -> Wrk.secondsPerRequest(nginx.httpUrl() + "/" + SMALL, wrkSeconds)));
    }

    /** Comparison 5: the three upload paths, each against nginx taking a PUT of the same size. */
    List<Comparison> uploads() {
        Figure transfer = Figure.megabytesPerSecond(size);
        String sized = Bench.sizeName(size);
        return List.of(
                new Comparison("HTTP upload " + sized + ", signed PUT", "nginx PUT", transfer,
                        Goal.speedAtLeast(0.9), this::signedPut, this::nginxPut),
                new Comparison("HTTP upload " + sized + ", multipart POST", "nginx PUT", transfer,
                        Goal.speedAtLeast(0.9), () -> stowageUpload(() -> uploads.multipartPost(size)), this::nginxPut),
                new Comparison("HTTP upload " + sized + ", tus 8 MiB PATCHes", "nginx PUT", transfer,
                        Goal.speedAtLeast(0.9), () -> stowageUpload(() -> uploads.tus(size)), this::nginxPut));
    }

    private double download(ServerProcess server, String target) {
        long[] length = new long[1];
        double seconds = Timer.seconds(() -> length[0] = RawHttp.get(server.port(), target)
                .expect(200, "GET " + target).length());
        if (length[0] != size) {
            throw new IllegalStateException("GET " + target + " gave " + length[0] + " bytes, not " + size);
        }
        return seconds;
    }

    private double signedPut() {
        StowageUploads.SignedUrl url = uploads.mintPut(size);
        return stowageUpload(() -> uploads.put(url, size));
    }

    private double stowageUpload(java.util.function.Supplier<String> upload) {
        String[] storageId = new String[1];
        double seconds = Timer.seconds(() -> storageId[0] = upload.get());
        if (local.dir().stat(storageId[0]).size() != size) {
            throw new IllegalStateException("the upload stored the wrong size");
        }
        local.dir().delete(storageId[0]);
        return seconds;
    }

    private double nginxPut() {
        double seconds = Timer.seconds(() -> RawHttp.send(nginx.port(), "PUT", "/dav/" + BIG, Map.of(),
                new Payload(size), size).expect(201, "nginx PUT"));
        try {
            Files.delete(nginxPuts.resolve(BIG));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return seconds;
    }

    @Override
    public void close() {
        nginx.close();
        stowage.close();
        local.close();
        WorkDirectory.delete(work);
    }

}
