package dev.stowage.api;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The one check every backend puts a name through before it touches storage. A name that
 * {@link #normalize} accepts is safe as an S3 or GCS key and as a relative path on Linux, macOS and
 * Windows: it cannot leave the upload directory, cannot reach a device, cannot hide characters from a
 * reader, and no two accepted names land on the same Windows file through dropped trailing dots or spaces.
 *
 * <p>A name is NFC-normalized, then split into segments at {@code /} and {@code \}; the canonical form
 * joins them with {@code /}. It is refused, with a {@link NameRejectedException} whose reason names the
 * rule, when it:
 * <ul>
 *   <li>is empty, or longer than {@value #MAX_NAME_BYTES} bytes of UTF-8;</li>
 *   <li>starts with a separator (absolute or UNC path) or with a drive letter ({@code C:});</li>
 *   <li>contains a control character (C0, DEL, C1), a line or paragraph separator, an invisible format
 *       character (bidi controls, zero-width characters), an unpaired surrogate, a noncharacter, one of
 *       {@code < > : " | ? *}, or a character drawn as a slash or backslash;</li>
 *   <li>has a segment that is empty, {@code .}, {@code ..} or dots only; that ends in a dot or a space; that
 *       is a Windows device name with or without an extension ({@code con}, {@code Nul.tar.gz}); that folds
 *       (NFKC) to dots only or to something holding a separator ({@code ．．}, {@code a／b}); or that is
 *       longer than {@value #MAX_SEGMENT_BYTES} bytes of UTF-8;</li>
 *   <li>starts with the segment {@value #RESERVED_SEGMENT}, in any case.</li>
 * </ul>
 * Whole-name rules are checked first; then segments left to right, each one's characters before its form.
 * Everything else is allowed: leading dots ({@code .well-known}), letters of any script, spaces inside a
 * segment, and punctuation such as {@code # % & + = @ ~ ' , ; ! $ ( ) [ ] { }}. Percent signs are literal
 * here: decoding URLs is the HTTP layer's job.
 */
public final class StorageNames {
    /** The longest name, in bytes of UTF-8: the S3 key limit. */
    public static final int MAX_NAME_BYTES = 1024;
    /** The longest segment, in bytes of UTF-8: the limit most file systems have. */
    public static final int MAX_SEGMENT_BYTES = 255;
    /** The first segment backends keep staging and metadata under; never a stored name. */
    public static final String RESERVED_SEGMENT = ".stowage";

    /** Input this much longer than the byte limit cannot come within it by NFC composition. */
    private static final int MAX_INPUT_CHARS = 4 * MAX_NAME_BYTES;
    private static final String WINDOWS_FORBIDDEN = "<>:\"|?*";
    private static final Set<String> DEVICE_NAMES = deviceNames();

    private StorageNames() {
    }

    /**
     * The canonical stored form of {@code name}: NFC, segments joined with {@code /}.
     *
     * @throws NameRejectedException when the name breaks a rule (see the class description)
     */
    public static String normalize(String name) {
        if (name == null) {
            throw NameRejectedException.because(null, "no name was given (null)");
        }
        if (name.isEmpty()) {
            throw NameRejectedException.because(name, "the name is empty");
        }
        String nfc = nfc(name);
        char first = nfc.charAt(0);
        if (isSeparator(first)) {
            throw NameRejectedException.because(name, nfc.length() > 1 && isSeparator(nfc.charAt(1))
                    ? "it starts with two separators, which makes it a network (UNC) path"
                    : "it starts with a separator, which makes it an absolute path");
        }
        if (nfc.length() > 1 && nfc.charAt(1) == ':' && isAsciiLetter(first)) {
            throw NameRejectedException.because(name, "it starts with a drive letter ('" + first
                    + ":'), which Windows reads as another disk");
        }
        return checkSegments(name, nfc, false);
    }

    /**
     * The canonical form of a listing prefix: {@code ""} for every name, a folder such as {@code a/b/}, or
     * the start of a name such as {@code a/b} (which also matches {@code a/bc}). NFC and {@code \} to
     * {@code /} apply as for names. Every segment before the last {@code /} must be a valid segment, the
     * part after it must be the start of one, and no rule on characters or length may be broken; so a
     * prefix is refused when it starts with a separator, has an empty, {@code .} or {@code ..} segment
     * before its end, or could otherwise never match a valid name.
     *
     * @throws NameRejectedException when the prefix is refused
     */
    public static String normalizePrefix(String prefix) {
        if (prefix == null) {
            throw NameRejectedException.because(null, "no prefix was given (null); use \"\" to list every name");
        }
        if (prefix.isEmpty()) {
            return prefix;
        }
        String nfc = nfc(prefix);
        if (isSeparator(nfc.charAt(0))) {
            throw NameRejectedException.because(prefix, "it starts with a separator, which no name does");
        }
        return checkSegments(prefix, nfc, true);
    }

    /** The part of a normalized name after its last {@code /}: the file's own name, as for a download. */
    public static String lastSegment(String normalizedName) {
        return normalizedName.substring(normalizedName.lastIndexOf('/') + 1);
    }

    private static String nfc(String original) {
        if (original.length() > MAX_INPUT_CHARS) {
            throw tooLong(original);
        }
        String nfc = isBelowCombiningMarks(original) ? original
                : Normalizer.normalize(original, Normalizer.Form.NFC);
        if (utf8Length(nfc) > MAX_NAME_BYTES) {
            throw tooLong(original);
        }
        return nfc;
    }

    /** Text below U+0300, where the first combining marks start, is NFC already; most names are. */
    private static boolean isBelowCombiningMarks(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x300) {
                return false;
            }
        }
        return true;
    }

    private static NameRejectedException tooLong(String original) {
        return NameRejectedException.because(original, "it is longer than " + MAX_NAME_BYTES
                + " bytes of UTF-8, the most S3 allows in a key");
    }

    /**
     * Checks the characters and segments of {@code nfc} and returns it joined with {@code /}. When
     * {@code partialLast}, the last segment is only the start of one (a prefix).
     */
    private static String checkSegments(String original, String nfc, boolean partialLast) {
        int start = 0;
        int bytes = 0;
        boolean ascii = true;
        for (int i = 0; i < nfc.length(); ) {
            if (isSeparator(nfc.charAt(i))) {
                checkSegment(original, nfc.substring(start, i), bytes, ascii, start == 0, false);
                start = ++i;
                bytes = 0;
                ascii = true;
                continue;
            }
            int cp = nfc.codePointAt(i);
            String problem = characterProblem(cp);
            if (problem != null) {
                throw NameRejectedException.because(original, problem);
            }
            bytes += utf8Length(cp);
            ascii &= cp < 0x80;
            i += Character.charCount(cp);
        }
        if (!partialLast) {
            checkSegment(original, nfc.substring(start), bytes, ascii, start == 0, true);
        } else if (bytes > MAX_SEGMENT_BYTES) {
            throw segmentTooLong(original, bytes);
        }
        return nfc.replace('\\', '/');
    }

    /** Why {@code cp} may not appear in a name, or {@code null} when it may. */
    private static String characterProblem(int cp) {
        if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
            return "it contains the control character " + codePoint(cp);
        }
        if (cp < 0x80) {
            return WINDOWS_FORBIDDEN.indexOf(cp) < 0 ? null
                    : "it contains '" + (char) cp + "', which Windows forbids in file names";
        }
        if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
            return "it contains " + codePoint(cp) + ", an unpaired surrogate, which is not a character";
        }
        switch (Character.getType(cp)) {
            case Character.FORMAT:
                return "it contains the invisible format character " + codePoint(cp)
                        + " (bidi controls and zero-width characters can disguise a name)";
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
                return "it contains the line break " + codePoint(cp);
            default:
                break;
        }
        if ((cp & 0xfffe) == 0xfffe || (cp >= 0xfdd0 && cp <= 0xfdef)) {
            return "it contains the noncharacter " + codePoint(cp);
        }
        if (isSlashLookalike(cp)) {
            return "it contains " + codePoint(cp) + ", which looks like a path separator";
        }
        return null;
    }

    /** Slashes and backslashes that NFKC leaves alone (the ones it folds are caught per segment). */
    private static boolean isSlashLookalike(int cp) {
        switch (cp) {
            case 0x2044: // FRACTION SLASH
            case 0x2215: // DIVISION SLASH
            case 0x2216: // SET MINUS
            case 0x2571: // BOX DRAWINGS LIGHT DIAGONAL UPPER RIGHT TO LOWER LEFT
            case 0x2572: // BOX DRAWINGS LIGHT DIAGONAL UPPER LEFT TO LOWER RIGHT
            case 0x27cb: // MATHEMATICAL RISING DIAGONAL
            case 0x27cd: // MATHEMATICAL FALLING DIAGONAL
            case 0x29f5: // REVERSE SOLIDUS OPERATOR
            case 0x29f8: // BIG SOLIDUS
            case 0x29f9: // BIG REVERSE SOLIDUS
                return true;
            default:
                return false;
        }
    }

    /** Checks one segment whose characters passed; {@code bytes} is its UTF-8 length. */
    private static void checkSegment(String original, String segment, int bytes, boolean ascii, boolean first,
            boolean last) {
        if (segment.isEmpty()) {
            throw NameRejectedException.because(original, last
                    ? "it ends with a separator, so it names a folder rather than a file"
                    : "it has an empty segment ('//')");
        }
        if (segment.equals("..")) {
            throw NameRejectedException.because(original,
                    "it has a '..' segment, which could reach outside the upload directory");
        }
        if (segment.equals(".")) {
            throw NameRejectedException.because(original,
                    "it has a '.' segment, which would give one file two names");
        }
        if (isDotsOnly(segment)) {
            throw NameRejectedException.because(original, "it has a segment of dots only ('" + segment
                    + "'), which Windows would not keep as written");
        }
        if (bytes > MAX_SEGMENT_BYTES) {
            throw segmentTooLong(original, bytes);
        }
        char end = segment.charAt(segment.length() - 1);
        if (end == '.' || end == ' ') {
            throw NameRejectedException.because(original, "segment '" + segment + "' ends with a "
                    + (end == '.' ? "dot" : "space") + ", which Windows drops, so two names would share a file");
        }
        String device = deviceName(segment);
        if (device != null) {
            throw NameRejectedException.because(original, "segment '" + segment + "' is the Windows device name "
                    + device);
        }
        if (!ascii) {
            checkFolded(original, segment);
        }
        if (first && segment.equalsIgnoreCase(RESERVED_SEGMENT)) {
            throw NameRejectedException.because(original, "its first segment '" + segment
                    + "' is reserved for the backends' own staging and metadata");
        }
    }

    private static NameRejectedException segmentTooLong(String original, int bytes) {
        return NameRejectedException.because(original, "a segment is " + bytes + " bytes of UTF-8, over the "
                + MAX_SEGMENT_BYTES + " most file systems allow");
    }

    /** Refuses a segment whose look-alike characters fold (NFKC) to a separator or to dots only. */
    private static void checkFolded(String original, String segment) {
        if (Normalizer.isNormalized(segment, Normalizer.Form.NFKC)) {
            return;
        }
        for (int i = 0; i < segment.length(); ) {
            int cp = segment.codePointAt(i);
            String folded = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC);
            if (folded.indexOf('/') >= 0 || folded.indexOf('\\') >= 0) {
                throw NameRejectedException.because(original, "it contains " + codePoint(cp)
                        + ", which folds (NFKC) to a path separator");
            }
            i += Character.charCount(cp);
        }
        String folded = Normalizer.normalize(segment, Normalizer.Form.NFKC);
        if (isDotsOnly(folded)) {
            throw NameRejectedException.because(original, "segment '" + segment + "' reads as '" + folded
                    + "' once look-alike characters are folded (NFKC)");
        }
    }

    /** The Windows device a segment opens, upper case, or {@code null}: the part before the first dot counts. */
    private static String deviceName(String segment) {
        int dot = segment.indexOf('.');
        int end = dot < 0 ? segment.length() : dot;
        while (end > 0 && segment.charAt(end - 1) == ' ') {
            end--;
        }
        if (end < 3 || end > 7 || "CPANLcpanl".indexOf(segment.charAt(0)) < 0) {
            return null;
        }
        String base = segment.substring(0, end).toUpperCase(Locale.ROOT);
        return DEVICE_NAMES.contains(base) ? base : null;
    }

    private static Set<String> deviceNames() {
        Set<String> names = new HashSet<>(List.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"));
        for (String port : List.of("COM", "LPT")) {
            for (char digit : "0123456789\u00b9\u00b2\u00b3".toCharArray()) {
                names.add(port + digit);
            }
        }
        return Set.copyOf(names);
    }

    private static boolean isSeparator(char c) {
        return c == '/' || c == '\\';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDotsOnly(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '.') {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    private static String codePoint(int cp) {
        return String.format("U+%04X", cp);
    }
}
