package dev.stowage.api.spi;

import dev.stowage.api.ProgressListener;
import dev.stowage.api.SaveOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a backend keeps of an unfinished chunked upload so that {@link dev.stowage.api.UploadDir#resumeChunkSink}
 * can take it up again in another process: its id, target name, options (without the progress listener) and
 * opening time, plus whatever only that backend needs ({@code backend}: a multipart upload id, a session
 * URL). Its byte form is a small properties text, the same for every backend.
 */
public record ChunkSinkState(String uploadId, String name, SaveOptions options, Instant created,
                             Map<String, String> backend) {
    private static final String BACKEND_PREFIX = "backend.";

    public ChunkSinkState {
        Objects.requireNonNull(uploadId, "uploadId");
        Objects.requireNonNull(name, "name");
        options = options.toBuilder().progress(ProgressListener.NONE).build();
        Objects.requireNonNull(created, "created");
        backend = Map.copyOf(backend);
    }

    /** The same state with {@code key} set to {@code value} in the backend's part. */
    public ChunkSinkState withBackend(String key, String value) {
        Map<String, String> changed = new TreeMap<>(backend);
        changed.put(key, value);
        return new ChunkSinkState(uploadId, name, options, created, changed);
    }

    /** The state as bytes, to keep beside the upload's partial data. */
    public byte[] toBytes() {
        Properties out = new Properties();
        out.setProperty("upload-id", uploadId);
        out.setProperty("name", name);
        out.setProperty("created", created.toString());
        out.setProperty("overwrite", Boolean.toString(options.overwrite()));
        out.setProperty("expected-size", Long.toString(options.expectedSize()));
        out.setProperty("max-size", Long.toString(options.maxSize()));
        putIfSet(out, "content-type", options.contentType());
        putIfSet(out, "original-filename", options.originalFilename());
        putIfSet(out, "expected-sha256", options.expectedSha256());
        backend.forEach((key, value) -> out.setProperty(BACKEND_PREFIX + key, value));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            out.store(bytes, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads what {@link #toBytes()} wrote.
     *
     * @throws IllegalArgumentException when the bytes are not a complete state, naming what is wrong
     */
    public static ChunkSinkState fromBytes(byte[] bytes) {
        Properties in = new Properties();
        try {
            in.load(new ByteArrayInputStream(bytes));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("unreadable upload state: " + e.getMessage(), e);
        }
        try {
            SaveOptions options = SaveOptions.builder()
                    .contentType(in.getProperty("content-type"))
                    .originalFilename(in.getProperty("original-filename"))
                    .overwrite(Boolean.parseBoolean(required(in, "overwrite")))
                    .expectedSha256(in.getProperty("expected-sha256"))
                    .expectedSize(Long.parseLong(required(in, "expected-size")))
                    .maxSize(Long.parseLong(required(in, "max-size")))
                    .build();
            Map<String, String> backend = new TreeMap<>();
            for (String key : in.stringPropertyNames()) {
                if (key.startsWith(BACKEND_PREFIX)) {
                    backend.put(key.substring(BACKEND_PREFIX.length()), in.getProperty(key));
                }
            }
            return new ChunkSinkState(required(in, "upload-id"), required(in, "name"), options,
                    Instant.parse(required(in, "created")), backend);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("malformed upload state: " + e.getMessage(), e);
        }
    }

    private static void putIfSet(Properties out, String key, String value) {
        if (value != null) {
            out.setProperty(key, value);
        }
    }

    private static String required(Properties in, String key) {
        String value = in.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("upload state lacks '" + key + "'");
        }
        return value;
    }
}
