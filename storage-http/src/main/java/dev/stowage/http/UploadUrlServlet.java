package dev.stowage.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.api.PresignedUpload;
import dev.stowage.api.Storage;
import dev.stowage.api.StorageException;
import dev.stowage.api.UploadMethod;
import dev.stowage.api.UploadPolicy;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /_stowage/upload-url}: mints a presigned upload for the configured backend. Anyone who can reach
 * it can upload, so it is off unless {@link HttpSettings#uploadUrlEndpoint()} is set (the standalone server
 * turns it on, bound to loopback); applications mint URLs in their own authorized code instead.
 *
 * <p>Request JSON, every field optional: {@code name} (a new storage id when absent), {@code contentType},
 * {@code allowedContentTypes} (array), {@code maxSize} (at most {@link HttpSettings#maxFileSize()}, which is
 * also the default), {@code sha256}, {@code method} ({@code PUT}, {@code POST} or {@code POST_FORM}).
 * Answer: {@code method}, {@code url}, {@code headers}, {@code formFields}, {@code expiresAt},
 * {@code storageId}.
 */
public final class UploadUrlServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** The largest request body read. */
    private static final int MAX_BODY = 16 * 1024;

    private final transient Storage storage;
    private final transient HttpSettings settings;

    public UploadUrlServlet(Storage storage, HttpSettings settings) {
        this.storage = storage;
        this.settings = settings;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (!settings.uploadUrlEndpoint()) {
                throw HttpFailure.notFound("Minting upload URLs over HTTP is off; set "
                        + HttpSettings.UPLOAD_URL_ENDPOINT + "=true to turn it on");
            }
            JsonNode body = read(request);
            UploadPolicy policy = policy(body);
            String name = body.path("name").asText("");
            PresignedUpload upload = name.isEmpty() ? storage.urls().presignUploadNew(policy)
                    : storage.urls().presignUpload(name, policy);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("method", upload.httpMethod());
            answer.put("url", upload.url().toString());
            answer.put("headers", upload.headers());
            answer.put("formFields", upload.formFields());
            answer.put("expiresAt", upload.expiresAt().toString());
            answer.put("storageId", upload.storageId());
            answer.put("fileUrl", storage.urls().of(upload.storageId()).toString());
            JsonResponses.send(response, 200, answer);
        } catch (HttpFailure failure) {
            JsonResponses.sendFailure(request, response, failure);
        } catch (StorageException e) {
            JsonResponses.sendFailure(request, response, HttpFailure.of(e));
        }
    }

    private static JsonNode read(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY) {
            throw HttpFailure.tooLarge("An upload-url request is at most " + MAX_BODY + " bytes of JSON");
        }
        try (InputStream in = new RequestBodyLimit(request.getInputStream(), MAX_BODY)) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0) {
                return JsonResponses.MAPPER.createObjectNode();
            }
            JsonNode node = JsonResponses.MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw HttpFailure.badRequest("bad_json", "The request body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw HttpFailure.badRequest("bad_json", "The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private UploadPolicy policy(JsonNode body) {
        long maxSize = body.path("maxSize").asLong(settings.maxFileSize());
        if (maxSize < 0 || maxSize > settings.maxFileSize()) {
            throw HttpFailure.badRequest("bad_policy", "maxSize must be from 0 to " + settings.maxFileSize());
        }
        List<String> allowed = new ArrayList<>();
        body.path("allowedContentTypes").forEach(type -> allowed.add(type.asText()));
        try {
            UploadPolicy.Builder policy = UploadPolicy.builder().maxSize(maxSize)
                    .allowedContentTypes(allowed.toArray(String[]::new));
            if (body.hasNonNull("contentType")) {
                policy.contentType(body.get("contentType").asText());
            }
            if (body.hasNonNull("sha256")) {
                policy.sha256(body.get("sha256").asText());
            }
            if (body.hasNonNull("method")) {
                policy.method(UploadMethod.valueOf(body.get("method").asText().toUpperCase(Locale.ROOT)));
            }
            return policy.build();
        } catch (IllegalArgumentException e) {
            throw HttpFailure.badRequest("bad_policy", e.getMessage());
        }
    }
}
