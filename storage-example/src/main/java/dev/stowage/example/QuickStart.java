package dev.stowage.example;

import dev.stowage.api.ChunkSink;
import dev.stowage.api.PresignedUpload;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.Storage;
import dev.stowage.api.StoredFile;
import dev.stowage.api.Stowage;
import dev.stowage.api.UploadPolicy;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Runs Stowage on whatever backend the configuration names (the local disk, {@code ./uploaded_files}, by
 * default): saves files three ways, lists them, and mints the URLs a web page would use.
 */
public final class QuickStart {
    private QuickStart() {
    }

    public static void main(String[] args) {
        try (Storage storage = Stowage.open()) {
            System.out.println("Backend: " + storage.backend() + " " + storage.capabilities().supported());

            // 1. Save under a name of your choosing (replacing it if this example ran before).
            StoredFile hello = storage.dir().save("examples/hello.txt", utf8("Hello, Stowage!\n"),
                    SaveOptions.builder().overwrite(true).build());
            System.out.println("Saved    " + hello);

            // 2. Save as new: a generated storage id, the uploader's filename kept as metadata.
            StoredFile report = storage.dir().saveNew(utf8("%PDF-1.7 (pretend)\n"),
                    SaveOptions.builder().originalFilename("Quarterly report ü.pdf").build());
            System.out.println("New id   " + report.name() + " for " + report.originalFilename());

            // 3. A chunked upload, chunks out of order; visible only once complete.
            byte[] data = "0123456789abcdef".repeat(4096).getBytes(StandardCharsets.US_ASCII);
            try (ChunkSink sink = storage.dir().chunkSink("examples/chunked.bin",
                    SaveOptions.builder().expectedSize(data.length).overwrite(true)
                            .progress((received, total) -> System.out.println("  chunk progress " + received
                                    + "/" + total)).build())) {
                sink.write(32_768, new ByteArrayInputStream(data, 32_768, data.length - 32_768));
                sink.write(0, new ByteArrayInputStream(data, 0, 32_768));
                System.out.println("Chunked  " + sink.complete());
            }

            System.out.println("Listing:");
            storage.dir().list("").forEach(f -> System.out.println("  " + f.name() + " (" + f.size() + " bytes)"));

            System.out.println("Show at      " + storage.urls().of("examples/hello.txt"));
            System.out.println("Download at  " + storage.urls().presignDownload(report.name(), Duration.ofMinutes(10),
                    report.originalFilename()));
            PresignedUpload upload = storage.urls().presignUploadNew(UploadPolicy.builder()
                    .maxSize(10 * 1024 * 1024).allowedContentTypes("image/*").build());
            System.out.println("Upload with  " + upload.httpMethod() + " " + upload.url() + " (expires "
                    + upload.expiresAt() + ", storage id " + upload.storageId() + ")");
        }
    }

    private static ByteArrayInputStream utf8(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
