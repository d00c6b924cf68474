package dev.stowage.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.api.StoredFile;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the HTTP face's JSON answers: stored-file descriptions and {@link HttpFailure}s. */
final class JsonResponses {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonResponses() {
    }

    /** Sends {@code body} as JSON with {@code status}, unless the response is already committed. */
    static void send(HttpServletResponse response, int status, Object body) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        byte[] json;
        try {
            json = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a JSON answer", e);
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    /**
     * Sends {@code failure} as {@code {"error": code, "message": text}}. A request refused while it may still
     * have body bytes unread gets {@code Connection: close}, so no client sends its next request on it.
     */
    static void sendFailure(HttpServletRequest request, HttpServletResponse response, HttpFailure failure)
            throws IOException {
        if (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null) {
            response.setHeader("Connection", "close");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", failure.error());
        body.put("message", failure.getMessage());
        send(response, failure.status(), body);
    }

    /**
     * What a client learns of a stored file: {@code storageId} (its name), {@code filename} (the uploader's),
     * {@code size}, {@code contentType}, {@code sha256}, {@code created} and {@code url}.
     */
    static Map<String, Object> describe(StoredFile file, URI url) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("storageId", file.name());
        body.put("filename", file.originalFilename());
        body.put("size", file.size());
        body.put("contentType", file.contentType());
        body.put("sha256", file.sha256());
        body.put("created", file.created().toString());
        body.put("url", url.toString());
        return body;
    }
}
