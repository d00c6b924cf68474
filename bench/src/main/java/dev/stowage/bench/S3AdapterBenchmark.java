package dev.stowage.bench;

import dev.stowage.api.SaveOptions;
import dev.stowage.api.StoredFile;
import dev.stowage.s3.S3Storage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Comparison 6 on S3: a save and a read of {@code size} bytes, and {@code presigns} presigned downloads, through
 * Stowage against the same calls made with the AWS SDK v2 directly, on the S3Proxy at {@code bench.s3.endpoint}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class S3AdapterBenchmark {
    static final String ENDPOINT = "bench.s3.endpoint";
    static final String ACCESS_KEY = "stowage-bench";
    static final String SECRET_KEY = "stowage-bench-secret";
    private static final String BUCKET = "bench";

    @Param("268435456")
    public long size;
    @Param("1000")
    public int presigns;

    private java.nio.file.Path spool;
    private S3Storage storage;
    private S3Client client;
    private S3Presigner presigner;

    @Setup(Level.Trial)
    public void open(BenchmarkParams benchmark) {
        URI endpoint = URI.create(System.getProperty(ENDPOINT));
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
        spool = WorkDirectory.create("s3-spool-");
        // The raw save sends one PutObject; Stowage is told to send saves of up to the payload's size that way
        // too (by default anything above one 8 MiB part goes as a multipart upload, which S3Proxy joins by writing the
        // whole object a second time). Both sides then make the same request; Stowage spools and hashes first.
        storage = S3Storage.builder(BUCKET).endpoint(endpoint).pathStyle(true).region(Region.US_EAST_1)
                .credentials(credentials).createBucket(true).spoolDir(spool).singlePutLimit(size).open();
        client = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(credentials).build();
        presigner = S3Presigner.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
        if (!benchmark.getBenchmark().endsWith("Save")) { // reads and presigns need a file; saves are spared it
            storage.dir().save("stowage-read", new Payload(size), SaveOptions.builder().overwrite(true).build());
            client.putObject(request -> request.bucket(BUCKET).key("raw-read"),
                    RequestBody.fromInputStream(new Payload(size), size));
        }
    }

    @TearDown(Level.Invocation)
    public void deleteSaved() {
        storage.dir().delete("stowage-save");
        client.deleteObject(request -> request.bucket(BUCKET).key("raw-save"));
    }

    @TearDown(Level.Trial)
    public void close() {
        storage.dir().delete("stowage-read");
        client.deleteObject(request -> request.bucket(BUCKET).key("raw-read"));
        storage.close();
        client.close();
        presigner.close();
        WorkDirectory.delete(spool);
    }

    @Benchmark
    public StoredFile stowageSave() {
        return storage.dir().save("stowage-save", new Payload(size), SaveOptions.builder().overwrite(true).build());
    }

    @Benchmark
    public Object rawSave() {
        return client.putObject(request -> request.bucket(BUCKET).key("raw-save"),
                RequestBody.fromInputStream(new Payload(size), size));
    }

    @Benchmark
    public long stowageRead() throws IOException {
        try (InputStream in = storage.dir().open("stowage-read")) {
            return drain(in);
        }
    }

    @Benchmark
    public long rawRead() throws IOException {
        try (InputStream in = client.getObject(request -> request.bucket(BUCKET).key("raw-read"))) {
            return drain(in);
        }
    }

    @Benchmark
    public void stowagePresign(Blackhole blackhole) {
        for (int i = 0; i < presigns; i++) {
            blackhole.consume(storage.urls().presignDownload("stowage-read", Duration.ofMinutes(10), "file.bin"));
        }
    }

    @Benchmark
    public void rawPresign(Blackhole blackhole) {
        for (int i = 0; i < presigns; i++) {
            blackhole.consume(presigner.presignGetObject(presign -> presign.signatureDuration(Duration.ofMinutes(10))
                    .getObjectRequest(get -> get.bucket(BUCKET).key("raw-read")
                            .responseContentDisposition("attachment; filename=\"file.bin\""))).url());
        }
    }

    static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[256 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
        }
        return total;
    }
}
