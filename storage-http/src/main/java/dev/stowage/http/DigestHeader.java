package dev.stowage.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-256 a client declares for a request body: RFC 9530 {@code Content-Digest: sha-256=:<base64>:} or the
 * older RFC 3230 {@code Digest: SHA-256=<base64>}. Other algorithms are ignored; a malformed SHA-256 value, or
 * two headers that disagree, is a 400.
 */
final class DigestHeader {
    private DigestHeader() {
    }

    /** The declared SHA-256 in lowercase hex, or {@code null} when the request declares none. */
    static String sha256(HttpServletRequest request) {
        String modern = find(request.getHeader("Content-Digest"), "sha-256", true);
        String legacy = find(request.getHeader("Digest"), "sha-256", false);
        if (modern != null && legacy != null && !modern.equals(legacy)) {
            throw HttpFailure.badRequest("bad_digest", "Content-Digest and Digest declare different SHA-256 values");
        }
        return modern != null ? modern : legacy;
    }

    private static String find(String header, String algorithm, boolean colons) {
        if (header == null) {
            return null;
        }
        for (String member : header.split(",")) {
            int eq = member.indexOf('=');
            if (eq < 0 || !member.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals(algorithm)) {
                continue;
            }
            String value = member.substring(eq + 1).trim();
            if (colons) {
                if (value.length() < 2 || !value.startsWith(":") || !value.endsWith(":")) {
                    throw malformed("Content-Digest", "a byte sequence in colons, as in sha-256=:BASE64:");
                }
                value = value.substring(1, value.length() - 1);
            }
            try {
                byte[] digest = Base64.getDecoder().decode(value);
                if (digest.length == 32) {
                    return HexFormat.of().formatHex(digest);
                }
            } catch (IllegalArgumentException notBase64) {
                // Reported below.
            }
            throw malformed(colons ? "Content-Digest" : "Digest", "the base64 of 32 bytes");
        }
        return null;
    }

    private static HttpFailure malformed(String header, String expected) {
        return HttpFailure.badRequest("bad_digest", "The " + header + " header's SHA-256 value is malformed: "
                + "expected " + expected);
    }
}
