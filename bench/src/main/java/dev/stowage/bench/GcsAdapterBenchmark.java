package dev.stowage.bench;

import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.StoredFile;
import dev.stowage.gcs.GcsStorage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
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

/**
 * Comparison 6 on GCS: a save and a read of {@code size} bytes, and {@code presigns} signed download URLs, through
 * Stowage against the same calls made with the google-cloud-storage client directly, on the fake-gcs-server at
 * {@code bench.gcs.host}; URLs are signed with a service account whose key is generated per fork.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GcsAdapterBenchmark {
    static final String HOST = "bench.gcs.host";
    private static final String BUCKET = "bench";
    private static final String PROJECT = "stowage-bench";

    @Param("268435456")
    public long size;
    @Param("1000")
    public int presigns;

    private java.nio.file.Path spool;
    private GcsStorage storage;
    private Storage client;
    private ServiceAccountCredentials signer;
    private String host;

    @Setup(Level.Trial)
    public void open(BenchmarkParams benchmark) throws NoSuchAlgorithmException {
        host = System.getProperty(HOST);
        KeyPairGenerator keys = KeyPairGenerator.getInstance("RSA");
        keys.initialize(2048);
        signer = ServiceAccountCredentials.newBuilder().setClientEmail("bench@" + PROJECT + ".iam.gserviceaccount.com")
                .setClientId("1").setPrivateKey(keys.generateKeyPair().getPrivate()).setPrivateKeyId("bench")
                .setProjectId(PROJECT).build();
        client = StorageOptions.http().setHost(host).setProjectId(PROJECT).setCredentials(NoCredentials.getInstance())
                .build().getService();
        if (client.get(BUCKET) == null) {
            client.create(BucketInfo.of(BUCKET));
        }
        spool = WorkDirectory.create("gcs-spool-");
        storage = GcsStorage.builder(BUCKET).host(host).projectId(PROJECT).credentials(NoCredentials.getInstance())
                .signer(signer).spoolDir(spool).open();
        if (!benchmark.getBenchmark().endsWith("Save")) { // reads and presigns need a file; saves are spared it
            storage.dir().save("stowage-read", new Payload(size), SaveOptions.builder().overwrite(true).build());
            rawSave("raw-read");
        }
    }

    @TearDown(Level.Invocation)
    public void deleteSaved() {
        storage.dir().delete("stowage-save");
        client.delete(BlobId.of(BUCKET, "raw-save"));
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        storage.dir().delete("stowage-read");
        client.delete(BlobId.of(BUCKET, "raw-read"));
        storage.close();
        client.close();
        WorkDirectory.delete(spool);
    }

    @Benchmark
    public StoredFile stowageSave() {
        return storage.dir().save("stowage-save", new Payload(size), SaveOptions.builder().overwrite(true).build());
    }

    @Benchmark
    public Object rawSave() throws IOException {
        return rawSave("raw-save");
    }

    private Object rawSave(String name) {
        try {
            return client.createFrom(BlobInfo.newBuilder(BUCKET, name).build(), new Payload(size));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Benchmark
    public long stowageRead() throws IOException {
        try (InputStream in = storage.dir().open("stowage-read")) {
            return S3AdapterBenchmark.drain(in);
        }
    }

    @Benchmark
    public long rawRead() throws IOException {
        try (InputStream in = Channels.newInputStream(client.reader(BlobId.of(BUCKET, "raw-read")))) {
            return S3AdapterBenchmark.drain(in);
        }
    }

    @Benchmark
    public void stowagePresign(Blackhole blackhole) {
        for (int i = 0; i < presigns; i++) {
            blackhole.consume(storage.urls().presignDownload("stowage-read", Duration.ofMinutes(10), "file.bin"));
        }
    }

    /** Signs for the emulator's host, path-style, as Stowage does: a URL that reaches the file, as Stowage's does. */
    @Benchmark
    public void rawPresign(Blackhole blackhole) {
        BlobInfo blob = BlobInfo.newBuilder(BUCKET, "raw-read").build();
        for (int i = 0; i < presigns; i++) {
            blackhole.consume(client.signUrl(blob, 10, TimeUnit.MINUTES, Storage.SignUrlOption.signWith(signer),
                    Storage.SignUrlOption.withV4Signature(), Storage.SignUrlOption.withPathStyle(),
                    Storage.SignUrlOption.withHostName(host), Storage.SignUrlOption.withQueryParams(
                            Map.of("response-content-disposition", "attachment; filename=\"file.bin\""))));
        }
    }
}
