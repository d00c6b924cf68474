package dev.stowage.http;

import java.util.Base64;
import java.util.Locale;

/**
 * The {@code Upload-Checksum} header of a tus PATCH, {@code sha256 <Base64 digest>}: the SHA-256 the chunk's
 * bytes must have before they count.
 */
final class TusChecksum {
    /** The algorithms this endpoint verifies, for {@code Tus-Checksum-Algorithm}. */
    static final String ALGORITHMS = "sha256";

    private TusChecksum() {
    }

    /**
     * The SHA-256 digest {@code header} names.
     *
     * @throws HttpFailure 400 when the header is malformed or names another algorithm
     */
    static byte[] parse(String header) {
        String[] parts = header.trim().split(" ", -1);
        if (parts.length != 2) {
            throw HttpFailure.badRequest("bad_checksum", "Upload-Checksum must be '<algorithm> <Base64 digest>': '" + header + "'");
        }
        if (!parts[0].toLowerCase(Locale.ROOT).equals("sha256")) {
            throw HttpFailure.badRequest("bad_checksum", "Upload-Checksum algorithm '" + parts[0] + "' is not supported; use "
                    + ALGORITHMS);
        }
        byte[] digest;
        try {
            digest = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw HttpFailure.badRequest("bad_checksum", "Upload-Checksum digest is not Base64: '" + parts[1] + "'");
        }
        if (digest.length != 32) {
            throw HttpFailure.badRequest("bad_checksum", "Upload-Checksum sha256 digest must be 32 bytes, not " + digest.length);
        }
        return digest;
    }
}
