package dev.stowage.api;

import dev.stowage.api.spi.PercentEncoding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An RFC 2397 {@code data:} URI: {@code data:[<mediatype>][;base64],<data>}, bytes written inside the URI.
 * It is decoded when parsed, so a malformed URI fails in {@link #parse} and never when read.
 */
public final class DataUri {
    /** The media type of a {@code data:} URI that names none. */
    public static final String DEFAULT_MEDIA_TYPE = "text/plain;charset=US-ASCII";

    private static final String SCHEME = "data:";
    private static final String BASE64 = ";base64";
    /** Media type characters sent as they are; the rest (spaces, quotes, {@code #}, {@code ,}...) as %XX. */
    private static final String MEDIA_TYPE_CHARS = "!$&+-._/;=";
    /** Blanks around a {@code ;} outside quotes: an even number of quotes follows it. */
    private static final Pattern SPACED_SEPARATOR = Pattern.compile("\\s*;\\s*(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
    /** A multiple of 3, so base64 pieces join without padding in between. */
    private static final int CHUNK = 3 * 1024;

    private final String mediaType;
    private final byte[] data;

    private DataUri(String mediaType, byte[] data) {
        this.mediaType = mediaType;
        this.data = data;
    }

    /**
     * Parses and decodes {@code uri}. The media type defaults to {@value #DEFAULT_MEDIA_TYPE} ({@code text/plain}
     * when only parameters are given); %XX escapes are decoded; base64 data may contain whitespace.
     *
     * @throws IllegalArgumentException saying what is wrong: not {@code data:}, no comma, a bad media type, a
     *                                  bad percent escape or bad base64
     */
    public static DataUri parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (!uri.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw malformed("it does not start with '" + SCHEME + "'", uri, null);
        }
        int comma = uri.indexOf(',');
        if (comma < 0) {
            throw malformed("no ',' separates the media type from the data", uri, null);
        }
        boolean base64 = uri.regionMatches(true, comma - BASE64.length(), BASE64, 0, BASE64.length())
                && comma - BASE64.length() >= SCHEME.length();
        int typeEnd = base64 ? comma - BASE64.length() : comma;
        try {
            String type = new String(PercentEncoding.decodeBytes(uri, SCHEME.length(), typeEnd), StandardCharsets.UTF_8);
            String mediaType = type.isEmpty() ? DEFAULT_MEDIA_TYPE
                    : MediaTypes.requireValid(type.startsWith(";") ? "text/plain" + type : type);
            byte[] data = PercentEncoding.decodeBytes(uri, comma + 1, uri.length());
            return new DataUri(mediaType, base64 ? base64Decoded(data) : data);
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage(), uri, e);
        }
    }

    /**
     * The {@code data:} URI of {@code in}'s bytes, read to the end (not closed) and base64-encoded piece by
     * piece, with {@code mediaType} as given (spaces around {@code ;} dropped, but not inside quoted values).
     *
     * @throws IllegalArgumentException when {@code mediaType} is not valid
     */
    public static String encode(InputStream in, String mediaType) throws IOException {
        String type = SPACED_SEPARATOR.matcher(MediaTypes.requireValid(mediaType)).replaceAll(";");
        StringBuilder uri = new StringBuilder(SCHEME).append(PercentEncoding.encode(type, MEDIA_TYPE_CHARS))
                .append(BASE64).append(',');
        Base64.Encoder encoder = Base64.getEncoder();
        for (byte[] chunk = in.readNBytes(CHUNK); chunk.length > 0; chunk = in.readNBytes(CHUNK)) {
            uri.append(encoder.encodeToString(chunk));
        }
        return uri.toString();
    }

    /** The media type with its parameters, e.g. {@code text/plain;charset=US-ASCII}. */
    public String mediaType() {
        return mediaType;
    }

    /** The number of decoded bytes. */
    public long length() {
        return data.length;
    }

    /** The decoded bytes. */
    public InputStream open() {
        return new ByteArrayInputStream(data);
    }

    /** The decoded bytes themselves, not a copy: for this package, which does not change them. */
    byte[] data() {
        return data;
    }

    private static byte[] base64Decoded(byte[] text) {
        ByteArrayOutputStream compact = new ByteArrayOutputStream(text.length);
        for (byte b : text) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r' && b != '\f') {
                compact.write(b);
            }
        }
        try {
            return Base64.getDecoder().decode(compact.toByteArray());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad base64 data: " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException malformed(String reason, String uri, Throwable cause) {
        String start = uri.length() > 40 ? uri.substring(0, 40) + "..." : uri;
        return new IllegalArgumentException("Malformed data: URI (" + reason + "): '"
                + start.replaceAll("\\p{Cntrl}", "?") + "'", cause);
    }
}
