package dev.stowage.api.spi;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Strict RFC 3986 percent-encoding over UTF-8, the one encoding of served URLs and their signed query
 * parameters. Encoding keeps only the unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) and writes every
 * other byte as {@code %XX}; decoding undoes exactly one pass and reads {@code +} as a plus, never a space.
 */
final class PercentEncoding {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private PercentEncoding() {
    }

    /** {@code text} with every byte of its UTF-8 form that is not unreserved written as {@code %XX}. */
    static String encode(String text) {
        byte[] bytes = utf8(text);
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            if (isUnreserved(c)) {
                out.append(c);
            } else {
                out.append('%').append(HEX.toHexDigits(b));
            }
        }
        return out.toString();
    }

    /**
     * {@code text} with each {@code %XX} replaced by its byte, the bytes read as UTF-8. Characters outside
     * ASCII that arrive unencoded stand for their own UTF-8 bytes.
     *
     * @throws IllegalArgumentException when a {@code %} is not followed by two hex digits or the bytes are
     *                                  not UTF-8
     */
    static String decode(String text) {
        byte[] bytes = new byte[text.length() * 3];
        int length = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || !HexFormat.isHexDigit(text.charAt(i + 1))
                        || !HexFormat.isHexDigit(text.charAt(i + 2))) {
                    throw new IllegalArgumentException("Bad percent-escape at index " + i + " in '" + text + "'");
                }
                bytes[length++] = (byte) HexFormat.fromHexDigits(text, i + 1, i + 3);
                i += 3;
            } else {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != '%') {
                    end++;
                }
                byte[] run = utf8(text.substring(i, end));
                System.arraycopy(run, 0, bytes, length, run.length);
                length += run.length;
                i = end;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Percent-escapes in '" + text + "' are not UTF-8", e);
        }
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
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
