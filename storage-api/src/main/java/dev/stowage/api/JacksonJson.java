package dev.stowage.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes values as JSON with Jackson. The only class that names Jackson, so the rest of the API loads
 * without it (Jackson is an optional dependency).
 */
final class JacksonJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    private JacksonJson() {
    }

    /** {@code value} as UTF-8 JSON. @throws IllegalArgumentException when Jackson cannot write it */
    static byte[] write(Object value, String filename) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write " + value.getClass().getName() + " as JSON for '"
                    + filename + "': " + e.getOriginalMessage(), e);
        }
    }
}
