package dev.stowage.api;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.OptionalLong;
import java.util.function.Supplier;

/** A download held in memory: made when first needed (or given at once), then kept. */
final class BytesSource implements DownloadSource {
    private final String filename;
    private final String contentType;
    private Supplier<byte[]> make;
    private byte[] data;

    BytesSource(String filename, String contentType, Supplier<byte[]> make) {
        this.filename = filename;
        this.contentType = contentType;
        this.make = make;
    }

    @Override
    public String filename() {
        return filename;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public OptionalLong length() {
        return OptionalLong.of(data().length);
    }

    @Override
    public InputStream open() {
        return new ByteArrayInputStream(data());
    }

    private synchronized byte[] data() {
        if (data == null) {
            data = make.get();
            make = null;
        }
        return data;
    }
}
