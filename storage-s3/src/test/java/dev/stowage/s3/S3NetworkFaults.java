package dev.stowage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.api.ChunkSink;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.Storage;
import dev.stowage.testkit.FaultProxy;
import dev.stowage.testkit.NetworkFaultContract;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 backend through a {@link FaultProxy} in front of a real S3 server (named by the subclass), with a
 * one-second socket timeout and three attempts per call; leftovers are looked for with ListMultipartUploads
 * and a listing of the hidden {@code .stowage/} prefix, straight on the server.
 */
abstract class S3NetworkFaults extends NetworkFaultContract {

    /** The server's endpoint. */
    abstract String endpoint();

    @Override
    protected String serverUrl() {
        return endpoint();
    }

    @Override
    protected Storage openDirect(Path workDir) {
        return S3TestStorage.on(endpoint(), workDir).open();
    }

    @Override
    protected Storage openThrough(String proxyUrl, Path workDir) {
        return S3TestStorage.on(proxyUrl, workDir).createBucket(false).maxAttempts(3)
                .socketTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(2)).open();
    }

    @Override
    protected void assertNoUnfinishedUploads(Storage direct) {
        S3Storage s3 = (S3Storage) direct;
        List<String> uploads = s3.client().listMultipartUploads(b -> b.bucket(s3.bucket())).uploads().stream()
                .map(MultipartUpload::key).toList();
        assertEquals(List.of(), uploads, "multipart uploads left");
        List<String> hidden = s3.client().listObjectsV2(b -> b.bucket(s3.bucket()).prefix(s3.prefix() + ".stowage/"))
                .contents().stream().map(S3Object::key).toList();
        assertEquals(List.of(), hidden, "staging or upload objects left");
    }

    /** A save and a one-part chunk sink each go up as one PutObject carrying the CRC32C of their bytes. */
    @Test
    void aSinglePutCarriesTheCrc32cOfItsBytesForTheServerToCheck() throws Exception {
        byte[] data = new byte[300_000];
        new Random(5).nextBytes(data);
        CRC32C crc = new CRC32C();
        crc.update(data);
        String expected = SpooledUpload.base64(crc);
        faulty.dir().save("saved.bin", new ByteArrayInputStream(data));
        try (ChunkSink sink = faulty.dir().chunkSink("chunked.bin", SaveOptions.builder().build())) {
            sink.write(0, new ByteArrayInputStream(data));
            sink.complete();
        }
        for (String name : List.of("saved.bin", "chunked.bin")) {
            assertEquals(1, proxy.requests(r -> r.method().equals("PUT") && r.path().endsWith("/" + name)
                    && r.header("x-amz-checksum-crc32c").equals(java.util.Optional.of(expected))), name);
        }
    }

    @Override
    protected int severalPartsSize() {
        return 2 * (int) S3Bucket.MIN_PART_SIZE + 1;
    }

    @Override
    protected FaultProxy.Fault serverError(int status) {
        return status == 503 ? FaultProxy.Fault.s3SlowDown() : FaultProxy.Fault.s3InternalError();
    }
}
