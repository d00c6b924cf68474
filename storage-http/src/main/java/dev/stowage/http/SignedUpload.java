package dev.stowage.http;

import dev.stowage.api.MediaTypes;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.Storage;
import dev.stowage.api.StoredFile;
import dev.stowage.api.spi.SignedUploadGrant;
import dev.stowage.api.spi.SignedUrls;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code PUT} or {@code POST {prefix}/{name}?X-Stowage-...}: the target of the local backend's presigned
 * upload URLs. The signature, expiry and method are checked before the body is read; then the declared
 * {@code Content-Type}, the declared length against the URL's size limit, and the body, streamed to storage
 * while its size and SHA-256 (from the URL or a {@code Content-Digest}/{@code Digest} header) are checked.
 * A URL creates its name once: a second upload to it is refused with 409. Answers 201 with
 * {@code {"storageId": ...}} and the file's description.
 */
final class SignedUpload {
    private final Storage storage;

    SignedUpload(Storage storage) {
        this.storage = storage;
    }

    void handle(HttpServletRequest request, HttpServletResponse response, String name) throws IOException {
        if (!(storage.urls() instanceof SignedUrls signed)) {
            throw new HttpFailure(405, "method_not_allowed", "The " + storage.backend() + " backend takes uploads "
                    + "at its own presigned URLs, not here");
        }
        Map<String, List<String>> query = QueryParameters.of(request);
        SignedUploadGrant grant = signed.verifyUpload(request.getMethod(), name, query);
        grant.checkContentType(request.getContentType());
        long declared = request.getContentLengthLong();
        if (grant.maxSize() >= 0 && declared > grant.maxSize()) {
            throw HttpFailure.tooLarge("The body of " + declared + " bytes exceeds the limit of " + grant.maxSize()
                    + " bytes this URL allows; nothing was stored");
        }
        String digest = DigestHeader.sha256(request);
        if (digest != null && grant.sha256() != null && !digest.equals(grant.sha256())) {
            throw HttpFailure.badRequest("bad_digest", "The declared SHA-256 " + digest + " differs from the "
                    + grant.sha256() + " this URL was signed for");
        }
        SaveOptions options = SaveOptions.builder()
                .contentType(validContentType(request.getContentType()))
                .overwrite(false)
                .maxSize(grant.maxSize())
                .expectedSize(declared >= 0 ? declared : -1)
                .expectedSha256(grant.sha256() != null ? grant.sha256() : digest)
                .build();
        StoredFile file = storage.dir().save(name, request.getInputStream(), options);
        JsonResponses.send(response, 201, JsonResponses.describe(file, storage.urls().of(file.name())));
    }

    private static String validContentType(String declared) {
        if (declared == null) {
            return null;
        }
        try {
            return MediaTypes.requireValid(declared);
        } catch (IllegalArgumentException e) {
            throw HttpFailure.badRequest("bad_content_type", e.getMessage());
        }
    }

    /** Whether a request carries signed-URL parameters at all. */
    static boolean isSigned(HttpServletRequest request) {
        String raw = request.getQueryString();
        return raw != null && raw.contains("X-Stowage-Signature=");
    }
}
