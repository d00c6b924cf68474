package dev.stowage.http;

import dev.stowage.api.spi.UploadSigner;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;

/**
 * A request's query parameters decoded as signed URLs encode them (RFC 3986: {@code +} is a plus, never a
 * space), so {@code ?download=} names and signatures read back exactly as written.
 */
final class QueryParameters {
    private QueryParameters() {
    }

    /** @throws HttpFailure 400 when the query is not valid percent-encoded UTF-8 */
    static Map<String, List<String>> of(HttpServletRequest request) {
        try {
            return UploadSigner.parseQuery(request.getQueryString());
        } catch (IllegalArgumentException e) {
            throw HttpFailure.badRequest("bad_query", "The query string is not valid percent-encoded UTF-8: "
                    + e.getMessage());
        }
    }

    /** The one value of {@code name}, or {@code null}; a repeated parameter is a 400. */
    static String single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() != 1) {
            throw HttpFailure.badRequest("bad_query", "The query parameter '" + name + "' must appear once");
        }
        return values.get(0);
    }
}
