package dev.stowage.http;

import dev.stowage.api.MediaTypes;
import dev.stowage.api.PolicyViolationException;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.Storage;
import dev.stowage.api.StorageException;
import dev.stowage.api.StoredFile;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST {prefix}} with a {@code multipart/form-data} body: every part of field {@code files} that has a
 * filename is streamed into storage under a new storage id ({@link dev.stowage.api.UploadDir#saveNew}), with
 * the uploader's filename kept as metadata only, so no filename ever becomes a path. Other fields are read past.
 * All or nothing: when any part fails (too large, refused type, malformed body, too many parts, client gone),
 * the files this request already stored are deleted and the answer is a JSON error. Answers 201 with
 * {@code {"files": [...]}} (see {@link JsonResponses#describe}).
 */
final class MultipartUpload {
    /** The form field that carries the files. */
    static final String FIELD = "files";

    private final Storage storage;
    private final HttpSettings settings;

    MultipartUpload(Storage storage, HttpSettings settings) {
        this.storage = storage;
        this.settings = settings;
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String contentType = request.getContentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new HttpFailure(415, "not_multipart", "Upload files as multipart/form-data in the field '"
                    + FIELD + "' (got Content-Type " + (contentType == null ? "none" : "'" + contentType + "'")
                    + ")");
        }
        String boundary = HeaderParameters.of(contentType).get("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw HttpFailure.badRequest("malformed_multipart", "The multipart/form-data Content-Type has no valid "
                    + "boundary parameter (1 to 70 characters)");
        }
        long declared = request.getContentLengthLong();
        if (declared > settings.maxRequestSize()) {
            throw HttpFailure.tooLarge("The request body of " + declared + " bytes exceeds the limit of "
                    + settings.maxRequestSize() + " bytes; nothing was stored");
        }
        MultipartReader reader = new MultipartReader(new RequestBodyLimit(request.getInputStream(),
                settings.maxRequestSize()), boundary, settings.maxPartHeaderBytes());
        List<StoredFile> stored = new ArrayList<>();
        boolean complete = false;
        try {
            int parts = 0;
            for (MultipartReader.Part part; (part = reader.next()) != null; ) {
                if (++parts > settings.maxParts()) {
                    throw HttpFailure.tooLarge("The request has more than " + settings.maxParts()
                            + " parts; nothing was stored");
                }
                String filename = part.dispositionParameter("filename");
                if (FIELD.equals(part.dispositionParameter("name")) && filename != null) {
                    stored.add(save(part, filename));
                }
            }
            if (stored.isEmpty()) {
                throw HttpFailure.badRequest("no_files", "The request holds no file in the field '" + FIELD
                        + "' (each file part needs a filename)");
            }
            complete = true;
        } finally {
            if (!complete) {
                stored.forEach(file -> deleteQuietly(file.name()));
            }
        }
        List<Map<String, Object>> files = new ArrayList<>();
        for (StoredFile file : stored) {
            files.add(JsonResponses.describe(file, storage.urls().of(file.name())));
        }
        JsonResponses.send(response, 201, Map.of("files", files));
    }

    private StoredFile save(MultipartReader.Part part, String rawFilename) {
        String filename = uploadedFilename(rawFilename);
        String declared = part.headers().get("content-type");
        String contentType = declared != null && isValid(declared) && !declared.startsWith(MediaTypes.OCTET_STREAM)
                ? declared : MediaTypes.guess(filename);
        if (!MediaTypes.allowedBy(settings.allowedTypes(), contentType)) {
            throw new HttpFailure(415, "content_type_not_allowed", "File '" + filename + "' has the content type "
                    + contentType + ", which is not allowed here; allowed: " + settings.allowedTypes());
        }
        SaveOptions options = SaveOptions.builder().originalFilename(filename.isEmpty() ? null : filename)
                .contentType(contentType).maxSize(settings.maxFileSize()).build();
        try {
            return storage.dir().saveNew(part.body(), options);
        } catch (PolicyViolationException e) {
            if (e.reason() == PolicyViolationException.Reason.TOO_LARGE) {
                throw HttpFailure.tooLarge("File '" + filename + "' exceeds the limit of " + settings.maxFileSize()
                        + " bytes; nothing was stored");
            }
            throw e;
        }
    }

    /** The last segment of a filename some browsers send as a whole path, without control characters. */
    static String uploadedFilename(String raw) {
        String last = raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
        return last.replaceAll("\\p{Cntrl}", "").strip();
    }

    private static boolean isValid(String contentType) {
        try {
            MediaTypes.requireValid(contentType);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void deleteQuietly(String name) {
        try {
            storage.dir().delete(name);
        } catch (StorageException e) {
            // The request already failed; the original error is the one to report.
        }
    }
}
