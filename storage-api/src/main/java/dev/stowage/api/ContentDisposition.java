package dev.stowage.api;

import dev.stowage.api.spi.PercentEncoding;
import java.text.Normalizer;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An RFC 6266 {@code Content-Disposition} header value that is always safe to send. The filename loses
 * control, line-break and invisible formatting characters, path separators become {@code _} (a download
 * filename is never a path), names over {@value #MAX_LENGTH} characters are shortened (keeping the
 * extension), and an empty result becomes {@code download}. {@code filename="..."} always carries a plain
 * ASCII fallback; {@code filename*=UTF-8''...} (RFC 8187) carries the exact name whenever the fallback had to
 * differ from it.
 */
public final class ContentDisposition {
    /** The most characters (code points) a filename keeps. */
    public static final int MAX_LENGTH = 255;

    private static final int MAX_EXTENSION = 16;
    private static final char ZERO_WIDTH_JOINER = '\u200D';
    /** RFC 8187 {@code attr-char} punctuation: sent as it is in {@code filename*}, like letters and digits. */
    private static final String ATTR_CHARS = "!#$&+-.^_`|~";
    /** Combining marks, which NFD splits off accented letters. */
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private final boolean attachment;
    private final String filename;

    private ContentDisposition(boolean attachment, String filename) {
        this.attachment = attachment;
        this.filename = isClean(Objects.requireNonNull(filename, "filename")) ? filename : clean(filename);
    }

    /** The browser saves the response as a file called {@code filename}. */
    public static ContentDisposition attachment(String filename) {
        return new ContentDisposition(true, filename);
    }

    /** The browser shows the response itself, and uses {@code filename} if the user saves it. */
    public static ContentDisposition inline(String filename) {
        return new ContentDisposition(false, filename);
    }

    /** Whether this is {@code attachment} rather than {@code inline}. */
    public boolean isAttachment() {
        return attachment;
    }

    /** The filename as it is sent: cleaned as described above, never empty. */
    public String filename() {
        return filename;
    }

    /** The header value, e.g. {@code attachment; filename="report.pdf"}. */
    public String headerValue() {
        String fallback = asciiFallback(filename);
        String value = (attachment ? "attachment" : "inline") + "; filename=\"" + fallback + "\"";
        return fallback.equals(filename) ? value
                : value + "; filename*=UTF-8''" + PercentEncoding.encode(filename, ATTR_CHARS);
    }

    @Override
    public String toString() {
        return headerValue();
    }

    /**
     * Whether cleaning would leave {@code name} as it is: printable ASCII without path separators, not empty, not
     * starting or ending with a space, and short enough. Most names are; they skip the code point walk.
     */
    private static boolean isClean(String name) {
        int length = name.length();
        if (length == 0 || length > MAX_LENGTH || name.charAt(0) == ' ' || name.charAt(length - 1) == ' ') {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            if (c < ' ' || c >= 0x7f || c == '/' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static String clean(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            if (c == '/' || c == '\\') {
                out.append('_');
            } else if (!invisible(c)) {
                out.appendCodePoint(c);
            }
        });
        String cleaned = shortened(out.toString().strip());
        return cleaned.isEmpty() ? "download" : cleaned;
    }

    /** Control, line-break and formatting characters (bidi overrides...), but not the emoji joiner. */
    private static boolean invisible(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                || (type == Character.FORMAT && c != ZERO_WIDTH_JOINER);
    }

    private static String shortened(String name) {
        int length = name.codePointCount(0, name.length());
        if (length <= MAX_LENGTH) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.codePointCount(dot, name.length()) <= MAX_EXTENSION
                ? name.substring(dot) : "";
        int keep = MAX_LENGTH - extension.codePointCount(0, extension.length());
        return name.substring(0, name.offsetByCodePoints(0, keep)).strip() + extension;
    }

    /**
     * Printable ASCII only: accents dropped, other characters, quotes and {@code %} (which some browsers
     * would decode) as {@code _}.
     */
    private static String asciiFallback(String name) {
        if (isPlainAscii(name)) {
            return name; // the common case, checked without normalizing (downloads are presigned by the thousand)
        }
        String unaccented = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("");
        StringBuilder out = new StringBuilder(unaccented.length());
        unaccented.codePoints()
                .forEach(c -> out.append(plainAscii(c) ? (char) c : '_'));
        return out.isEmpty() ? "download" : out.toString();
    }

    /** Whether every character of {@code name}, which is not empty, goes into the ASCII fallback as it is. */
    private static boolean isPlainAscii(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (!plainAscii(name.charAt(i))) {
                return false;
            }
        }
        return !name.isEmpty();
    }

    /** Whether {@code c} goes into the ASCII fallback as it is. */
    private static boolean plainAscii(int c) {
        return c >= ' ' && c < 0x7f && c != '"' && c != '%';
    }
}
