package dev.stowage.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** URI percent-encoding ({@code %XX} for each UTF-8 byte) with a caller's set of characters left as they are. */
final class PercentEncoding {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private PercentEncoding() {
    }

    /** {@code text} with every character but ASCII letters, digits and {@code keep} as {@code %XX} bytes. */
    static String encode(String text, String keep) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || keep.indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(HEX.toHexDigits(b));
            }
        }
        return out.toString();
    }

    /**
     * The bytes of {@code text} from {@code from} to {@code to}: {@code %XX} escapes decoded, other
     * characters as UTF-8.
     *
     * @throws IllegalArgumentException naming the first malformed escape and its index in {@code text}
     */
    static byte[] decode(String text, int from, int to) {
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
                out.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c);
            }
        }
        return out.toByteArray();
    }
}
