package dev.stowage.http;

import dev.stowage.api.Capability;
import dev.stowage.api.Storage;
import dev.stowage.api.StorageNames;
import dev.stowage.api.StoredFile;
import dev.stowage.api.spi.SignedUrls;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code GET}/{@code HEAD {prefix}/{name}}: a stored file from any backend, streamed by byte range from
 * {@link dev.stowage.api.UploadDir#open}, with a strong {@code ETag} (its SHA-256), {@code Last-Modified} (its
 * creation), its content type, and the safety headers of {@link ContentSafety}. {@code ?download=<filename>}
 * forces an attachment under that filename, as does a local presigned download URL (which must verify). With
 * {@link HttpSettings#redirectDownloads()} a cloud backend that presigns downloads gets a 302 to one instead.
 */
final class StoredFileResponse {
    /** How long a redirect's presigned GET stays valid. */
    static final Duration REDIRECT_TTL = Duration.ofMinutes(15);

    private final Storage storage;
    private final HttpSettings settings;

    StoredFileResponse(Storage storage, HttpSettings settings) {
        this.storage = storage;
        this.settings = settings;
    }

    void handle(HttpServletRequest request, HttpServletResponse response, String name) throws IOException {
        Map<String, List<String>> query = QueryParameters.of(request);
        String forcedFilename = QueryParameters.single(query, "download");
        if (forcedFilename != null && forcedFilename.isBlank()) {
            throw HttpFailure.badRequest("bad_download_name", "?download= needs a filename");
        }
        if (SignedUpload.isSigned(request) && storage.urls() instanceof SignedUrls signed) {
            forcedFilename = signed.verifyDownload(name, query).filename();
        }
        StoredFile file = storage.dir().stat(name);
        String filename = forcedFilename != null ? forcedFilename : filename(file);
        if (settings.redirectDownloads() && !(storage.urls() instanceof SignedUrls)
                && storage.capabilities().has(Capability.PRESIGNED_DOWNLOAD)) {
            response.setHeader("Cache-Control", "no-store");
            response.sendRedirect(storage.urls().presignDownload(name, REDIRECT_TTL, filename).toString());
            return;
        }
        ContentSafety.apply(response::setHeader, file.contentType(), filename, forcedFilename != null);
        RangedResponse.send(request, response, representation(storage, file), settings.maxRanges());
    }

    /** The filename a stored file is served under unless the request forces one: its original one, or its name's. */
    static String filename(StoredFile file) {
        return file.originalFilename() != null ? file.originalFilename() : StorageNames.lastSegment(file.name());
    }

    /** The bytes of {@code file}, read from {@code storage}, validated by its SHA-256 and creation time. */
    static Representation representation(Storage storage, StoredFile file) {
        return new Representation(file.size(), file.contentType(), "\"" + file.sha256() + "\"", file.created(),
                range -> storage.dir().open(file.name(), range));
    }
}
