package dev.stowage.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code Upload-Metadata} header of a tus creation: comma-separated pairs of a key and an optional
 * Base64-encoded value, such as {@code filename d29ybGRfZG9taW5hdGlvbl9wbGFuLnBkZg==,is_confidential}.
 */
final class TusMetadata {
    private TusMetadata() {
    }

    /**
     * The pairs of {@code header} (empty when it is {@code null}), values decoded as UTF-8 ({@code ""} for a
     * key without one).
     *
     * @throws HttpFailure 400 naming the pair that is malformed
     */
    static Map<String, String> parse(String header) {
        Map<String, String> pairs = new HashMap<>();
        if (header == null || header.isBlank()) {
            return pairs;
        }
        for (String pair : header.split(",", -1)) {
            String[] parts = pair.trim().split(" ", -1);
            if (parts.length > 2 || parts[0].isEmpty() || pairs.containsKey(parts[0])) {
                throw HttpFailure.badRequest("bad_metadata", "Upload-Metadata must be comma-separated unique"
                        + " 'key base64value' pairs; '" + pair.trim() + "' is not one");
            }
            try {
                pairs.put(parts[0], parts.length == 1 ? ""
                        : new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw HttpFailure.badRequest("bad_metadata", "Upload-Metadata value of '" + parts[0] + "' is not Base64: "
                        + e.getMessage());
            }
        }
        return pairs;
    }
}
