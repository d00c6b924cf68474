package dev.stowage.api;

import java.io.InputStream;
import java.util.OptionalLong;

/** A file in an {@link UploadDir}, looked up once on first need; the backend reads ranges itself. */
final class StoredSource implements DownloadSource {
    private final UploadDir dir;
    private final String name;
    private final String filename;
    private StoredFile file;

    /** {@code filename} may be {@code null}: the stored original filename or the name's last segment. */
    StoredSource(UploadDir dir, String name, String filename) {
        this.dir = dir;
        this.name = name;
        this.filename = filename;
    }

    @Override
    public String filename() {
        if (filename != null) {
            return filename;
        }
        String original = file().originalFilename();
        return original != null && !original.isBlank() ? original : name.substring(name.lastIndexOf('/') + 1);
    }

    @Override
    public String contentType() {
        return file().contentType();
    }

    @Override
    public OptionalLong length() {
        return OptionalLong.of(file().size());
    }

    @Override
    public InputStream open() {
        return dir.open(name);
    }

    @Override
    public InputStream open(ByteRange range) {
        return dir.open(name, range);
    }

    private synchronized StoredFile file() {
        if (file == null) {
            file = dir.stat(name);
        }
        return file;
    }
}
