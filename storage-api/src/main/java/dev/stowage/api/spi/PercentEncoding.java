package dev.stowage.api.spi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Percent-encoding over UTF-8, the one implementation behind served URLs, signed query parameters,
 * {@code filename*} header values and {@code data:} URIs. Encoding keeps ASCII letters and digits plus a
 * caller's set of characters (by default RFC 3986's unreserved {@code - . _ ~}) and writes every other byte
 * as {@code %XX}; decoding undoes exactly one pass and reads {@code +} as a plus, never a space.
 */
public final class PercentEncoding {
    /** The characters besides letters and digits that RFC 3986 leaves unencoded everywhere. */
    public static final String UNRESERVED = "-._~";

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private PercentEncoding() {
    }

    /** {@code text} with every byte of its UTF-8 form that is not unreserved written as {@code %XX}. */
    public static String encode(String text) {
        return encode(text, UNRESERVED);
    }

    /**
     * {@code text} with every byte of its UTF-8 form but ASCII letters, digits and {@code keep} written as
     * {@code %XX}.
     *
     * @throws IllegalArgumentException when the text has an unpaired surrogate
     */
    public static String encode(String text, String keep) {
        byte[] bytes = utf8(text);
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c < 0x80
                    && keep.indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(HEX.toHexDigits(b));
            }
        }
        return out.toString();
    }

    /**
     * {@code text} with each {@code %XX} replaced by its byte, the bytes read as UTF-8.
     *
     * @throws IllegalArgumentException when an escape is malformed or the bytes are not UTF-8
     */
    public static String decode(String text) {
        byte[] bytes = decodeBytes(text, 0, text.length());
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Percent-escapes in '" + text + "' are not UTF-8", e);
        }
    }

    /**
     * The bytes of {@code text} from {@code from} to {@code to}: {@code %XX} escapes decoded, other
     * characters as their own UTF-8 bytes.
     *
     * @throws IllegalArgumentException naming the first malformed escape and its index in {@code text}
     */
    public static byte[] decodeBytes(String text, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        int i = from;
        while (i < to) {
            int c = text.codePointAt(i);
            if (c == '%') {
                if (i + 2 >= to || !HexFormat.isHexDigit(text.charAt(i + 1))
                        || !HexFormat.isHexDigit(text.charAt(i + 2))) {
                    throw new IllegalArgumentException("bad percent escape '" + text.substring(i, Math.min(i + 3, to))
                            + "' at index " + i);
                }
                out.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
                i += 3;
            } else {
                out.writeBytes(utf8(Character.toString(c)));
                i += Character.charCount(c);
            }
        }
        return out.toByteArray();
    }

    /** The UTF-8 bytes of {@code text}, refusing unpaired surrogates instead of writing {@code ?}. */
    private static byte[] utf8(String text) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Text has an unpaired surrogate and cannot be UTF-8 encoded", e);
        }
    }
}
