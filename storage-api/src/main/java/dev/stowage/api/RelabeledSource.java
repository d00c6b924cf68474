package dev.stowage.api;

import java.io.InputStream;
import java.util.OptionalLong;

/**
 * Another source's bytes under a new filename or content type; a {@code null} one is the source's own.
 *
 * @param source      where the bytes come from
 * @param newFilename the filename to use instead, or {@code null}
 * @param newType     the content type to use instead, or {@code null}
 */
record RelabeledSource(DownloadSource source, String newFilename, String newType) implements DownloadSource {

    @Override
    public String filename() {
        return newFilename != null ? newFilename : source.filename();
    }

    @Override
    public String contentType() {
        return newType != null ? newType : source.contentType();
    }

    @Override
    public OptionalLong length() {
        return source.length();
    }

    @Override
    public InputStream open() {
        return source.open();
    }

    @Override
    public InputStream open(ByteRange range) {
        return source.open(range);
    }
}
