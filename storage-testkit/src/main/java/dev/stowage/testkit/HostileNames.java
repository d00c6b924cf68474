package dev.stowage.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Names to throw at a backend, split by what must happen to them. Every name in {@link #rejected()} must be
 * refused with a {@link dev.stowage.api.NameRejectedException} before anything is stored; every name in
 * {@link #accepted()} must be stored, and must then be listed and found under {@link #canonical} of it.
 * The lists follow {@link dev.stowage.api.StorageNames}; {@code null} is left out of both (refuse it too).
 */
public final class HostileNames {
    private static final String[] SEPARATORS = {"/", "\\"};
    private static final String[] DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "COM\u00b9",
        "COM\u00b2", "COM\u00b3", "LPT\u00b9", "LPT\u00b2", "LPT\u00b3"};
    private static final List<String> REJECTED = buildRejected();
    private static final Map<String, String> ACCEPTED = buildAccepted();

    private HostileNames() {
    }

    /**
     * Names every backend must refuse, several hundred of them, without duplicates: traversal in every
     * spelling, absolute, UNC and drive-letter paths, empty and dot segments, trailing dots and spaces,
     * every C0, DEL and C1 control character, bidi and zero-width characters, surrogates and noncharacters,
     * the characters Windows forbids, Windows device names in many casings and with extensions, names and
     * segments over the byte limits, look-alike separators and dots, and the reserved {@code .stowage}.
     * Percent-encoded forms are not here: at this layer {@code %2e%2e} is a literal, valid name.
     */
    public static List<String> rejected() {
        return REJECTED;
    }

    /**
     * Names every backend must accept and keep: letters of many scripts, spaces, the punctuation URLs
     * encode, percent signs, leading dots, near-misses of device and reserved names, a 255-byte segment, a
     * 1024-byte name and deep paths. Most are already canonical; a few (decomposed Unicode, backslashes) are
     * stored under a different {@link #canonical} form.
     */
    public static List<String> accepted() {
        return List.copyOf(ACCEPTED.keySet());
    }

    /**
     * The form {@code accepted} is stored, listed and found under.
     *
     * @throws IllegalArgumentException when {@code accepted} is not in {@link #accepted()}
     */
    public static String canonical(String accepted) {
        String canonical = ACCEPTED.get(accepted);
        if (canonical == null) {
            throw new IllegalArgumentException("Not one of HostileNames.accepted(): " + accepted);
        }
        return canonical;
    }

    private static List<String> buildRejected() {
        Set<String> names = new LinkedHashSet<>();
        names.addAll(List.of("", "/", "\\", "//", "\\\\", "/\\", "\\/", ".", "..", "...", "....", ". .", " .",
                ". ", " ", "  "));

        // Traversal, dot segments and empty segments, written with each separator and with both mixed.
        List<String> shapes = List.of("../x", "x/..", "a/../b", "a/../../b", "../../../etc/passwd",
                "a/b/../../../c", "../", "./x", "x/.", "a/./b", "./", "../..", "..//x", "a/.../b", ".../x", "x/....",
                "a//b", "a/", "a/b/", "a//", "x///y", ".well-known/../../x", "a/./../b");
        for (String shape : shapes) {
            for (String separator : SEPARATORS) {
                names.add(shape.replace("/", separator));
            }
            names.add(alternateSeparators(shape));
        }

        // Absolute, network and drive-letter paths.
        names.addAll(List.of("/x", "/etc/passwd", "/..", "/.stowage", "\\x", "\\Windows\\System32\\cmd.exe",
                "//server/share", "//server/share/x", "\\\\server\\share", "\\\\server\\share\\x.txt", "\\\\?\\C:\\x",
                "\\\\.\\COM1", "//?/c:/x", "//./nul", "/\\server\\share", "\\/x", "///x"));
        for (char letter = 'A'; letter <= 'Z'; letter++) {
            names.add(letter + ":\\x");
            names.add(Character.toLowerCase(letter) + ":x");
        }
        names.addAll(List.of("C:", "c:", "C:/x", "c:..\\x", "Z:../x", "C:\\", "c:/"));

        // Trailing dots and spaces, which Windows drops.
        names.addAll(List.of("a.", "a ", "a/b.", "a./b", "a /b", "file.txt.", "file.txt ", "x. ", "x .", "x..",
                "dir./file", "dir /file", "a\\b ", "日本.", "x\u3000y ", ".gitignore."));

        // Every control character, in the middle, at the start and at the end of a segment.
        for (int c = 0; c < 0xa0; c = c == 0x1f ? 0x7f : c + 1) {
            names.add("a" + (char) c + "b");
        }
        for (char c : new char[] {0, '\t', '\n', '\r', 0x1b, 0x7f, 0x85, 0x9b}) {
            names.add(c + "x");
            names.add("dir/x.txt" + c);
            names.add("x.txt" + c + ".png");
        }

        // Invisible format characters (category Cf), line breaks, surrogates and noncharacters.
        for (int cp : new int[] {0x00ad, 0x0600, 0x061c, 0x06dd, 0x070f, 0x180e, 0x200b, 0x200c, 0x200d, 0x200e,
            0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2061, 0x2064, 0x2066, 0x2067, 0x2068,
            0x2069, 0x206a, 0x206f, 0xfeff, 0xfff9, 0xfffb, 0x110bd, 0x1d173, 0xe0001, 0xe0041, 0xe007f,
            0x2028, 0x2029, 0xfffe, 0xffff, 0xfdd0, 0xfdef, 0x1fffe, 0x10ffff}) {
            String c = new String(Character.toChars(cp));
            names.add("a" + c + "b");
            names.add(c + ".txt");
        }
        names.addAll(List.of("invoice\u202Efdp.exe", "evil\u202Egnp.js", "a/\u200b/b", "\u200b", "\ufeffname",
                "con\u200b", "..\u200b/x", "a\ud800b", "a\udc00", "\ud83d", "x\udfffy", "\udc00\ud800",
                "dir/\ud83d.txt"));

        // The characters Windows forbids in file names.
        for (char c : "<>:\"|?*".toCharArray()) {
            names.add("a" + c + "b");
            names.add(c + "x");
            names.add("dir/x" + c);
        }
        names.addAll(List.of("file.txt:stream", "file.txt::$DATA", "a/b:c", "*", "?", "*.*", "x?.txt"));

        // Windows device names, with and without extensions, in several casings and places.
        List<String> devices = new ArrayList<>(List.of(DEVICES));
        for (int digit = 0; digit <= 9; digit++) {
            devices.add("COM" + digit);
            devices.add("LPT" + digit);
        }
        for (String device : devices) {
            String lower = device.toLowerCase(Locale.ROOT);
            for (String spelling : List.of(device, lower, device.charAt(0) + lower.substring(1))) {
                names.add(spelling);
                names.add(spelling + ".txt");
                names.add(spelling + ".tar.gz");
            }
            names.add("a/" + lower + "/b");
        }
        names.addAll(List.of("cOn", "nUl.Txt", "con .txt", "dir/COM1.log", "a\\aux\\b", "x/prn", "Lpt\u00b9.doc"));

        // Names and segments over the byte limits, in one-, two-, three- and four-byte characters.
        String segment255 = "a".repeat(255);
        names.addAll(List.of("a".repeat(256), "é".repeat(128), "日".repeat(86), "\ud83d\ude00".repeat(64),
                "dir/" + "b".repeat(256) + "/x", "a".repeat(1025), "ab/".repeat(341) + "ab",
                segment255 + "/" + segment255 + "/" + segment255 + "/" + segment255 + "/ab",
                "日".repeat(342), "x".repeat(100_000), "../".repeat(400)));

        // Look-alike separators and dots.
        for (String dots : List.of("\uff0e\uff0e", "\uff0e", "\uff0e.", ".\uff0e", "\u2025", "\u2024",
                "\u2024\u2024", "\u2026", "\ufe52\ufe52", "\uff0e\uff0e\uff0e")) {
            names.add(dots);
            names.add(dots + "/x");
            names.add("a/" + dots + "/b");
        }
        for (int cp : new int[] {0xff0f, 0xff3c, 0xfe68, 0x2215, 0x2044, 0x29f8, 0x2216, 0x29f5, 0x29f9, 0x2571,
            0x2572, 0x27cb, 0x27cd, 0x2100, 0x2105}) {
            String c = new String(Character.toChars(cp));
            names.add("a" + c + "b");
            names.add(".." + c + "x");
        }
        names.addAll(List.of("\uff0e\uff0e\uff0f\uff0e\uff0e\uff0fetc\uff0fpasswd", "..\u2215..\u2215x"));

        // The reserved first segment.
        names.addAll(List.of(".stowage", ".stowage/x", ".STOWAGE/x", ".Stowage/meta/y", ".stowage\\x",
                ".sToWaGe/staging/abc"));
        return List.copyOf(names);
    }

    private static Map<String, String> buildAccepted() {
        Map<String, String> names = new LinkedHashMap<>();
        for (String name : List.of("a", "a.txt", "a/b/c.png", "dir/sub/file.tar.gz", "README", "x.y.z",
                ".well-known/x", ".well-known/acme-challenge/token", ".gitignore", "a/.hidden", "..foo", "foo..bar",
                "a..b/c", "...a", "a...b", ".a", "_", "-", "a-b_c", "1", "0/0/0",
                "日本語/ファイル.txt", "naïve.txt", "Ελληνικά.pdf", "Русский.doc", "عربي.txt", "עברית.txt",
                "中文 文件.txt", "한국어.hwp", "ÅÄÖ.txt", "straße.txt", "\ud83d\ude00.png", "\ud834\udd1emusic.mid",
                "\u2764\ufe0f.png", "\ud83d\udc4d\ud83c\udffd.png", "ﬁle.txt", "ｆｕｌｌｗｉｄｔｈ.txt", "Ｃ：",
                "my file.txt", "a b/c d.txt", " leading space.txt", "a  b", "a\u00a0b", "a\u3000b",
                "%2e%2e", "%2e%2e/x", "%2F", "a%2fb", "..%2f", "%00", "%5c..%5c", "%252e%252e",
                "con1", "console.txt", "com10", "lpt10.txt", "conin", "a/null", "auxiliary", "prn_", ".con",
                "nul_.txt", "COM", "LPT", "conin$x", "com", "con-fig", "x.con", "a/b.nul",
                ".stowage-old/x", "a/.stowage/x", ".stowagex", "stowage/x", ".stowage.txt", "x/.STOWAGE",
                "a\u3002b", "なぜ？.txt", "price¥100.txt", "a·b", "\uff0ea", "a\uff0e", "a/\uff0e\uff0ex",
                "ノ/丿", "a^b", "a`b")) {
            names.put(name, name);
        }
        for (char c : "#%&+=@~',;!$()[]{}".toCharArray()) {
            names.put("a" + c + "b", "a" + c + "b");
            names.put(c + ".txt", c + ".txt");
        }
        String segment255 = "x".repeat(255);
        for (String name : List.of(segment255, "dir/" + segment255, "日".repeat(85), "é".repeat(127) + "a",
                "\ud83d\ude00".repeat(63) + "abc", segment255 + "/" + segment255 + "/" + segment255 + "/"
                        + "x".repeat(254) + "/a", "ab/".repeat(341) + "a", "a/".repeat(100) + "z",
                "1/2/3/4/5/6/7/8/9/10/file")) {
            names.put(name, name);
        }

        names.put("e\u0301.txt", "é.txt");
        names.put("cafe\u0301/menu.pdf", "café/menu.pdf");
        names.put("A\u030a.txt", "\u00c5.txt");
        names.put("\u212b", "\u00c5");
        names.put("\u2126hm", "\u03a9hm");
        names.put("\u1100\u1161.txt", "\uac00.txt");
        names.put("a\\b", "a/b");
        names.put("dir\\sub\\file.txt", "dir/sub/file.txt");
        names.put("mixed/dir\\file.txt", "mixed/dir/file.txt");
        names.put("cafe\u0301\\menu.pdf", "café/menu.pdf");
        names.put(".well-known\\x", ".well-known/x");
        return names;
    }

    /** {@code shape} with its separators alternating {@code /} and {@code \}. */
    private static String alternateSeparators(String shape) {
        StringBuilder out = new StringBuilder();
        int index = 0;
        for (char c : shape.toCharArray()) {
            out.append(c == '/' ? SEPARATORS[index++ % 2].charAt(0) : c);
        }
        return out.toString();
    }
}
