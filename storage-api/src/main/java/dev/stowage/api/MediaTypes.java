package dev.stowage.api;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks media types before they reach a header, and guesses one from a filename. */
public final class MediaTypes {
    /** The type for bytes of unknown kind. */
    public static final String OCTET_STREAM = "application/octet-stream";

    private static final Pattern VALID = Pattern.compile(
            "[A-Za-z0-9!#$&^_.+-]{1,127}/[A-Za-z0-9!#$&^_.+-]{1,127}"
                    + "(\\s*;\\s*[A-Za-z0-9!#$&^_.+-]+=(\"[^\"\\\\\\p{Cntrl}]*\"|[A-Za-z0-9!#$&^_.+-]+))*");

    /** Common web types the JDK's own table lacks or gets wrong. */
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("avif", "image/avif"),
            Map.entry("svg", "image/svg+xml"), Map.entry("ico", "image/vnd.microsoft.icon"),
            Map.entry("pdf", "application/pdf"), Map.entry("json", "application/json"),
            Map.entry("js", "text/javascript"), Map.entry("mjs", "text/javascript"), Map.entry("css", "text/css"),
            Map.entry("html", "text/html"), Map.entry("htm", "text/html"), Map.entry("txt", "text/plain"),
            Map.entry("csv", "text/csv"), Map.entry("md", "text/markdown"), Map.entry("xml", "application/xml"),
            Map.entry("wasm", "application/wasm"), Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"), Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("ogg", "audio/ogg"), Map.entry("wav", "audio/wav"));

    private MediaTypes() {
    }

    /**
     * Returns {@code type} if it is a well-formed media type ({@code type/subtype} with optional parameters)
     * that is safe to put in a header.
     *
     * @throws IllegalArgumentException naming the value otherwise
     */
    public static String requireValid(String type) {
        if (type.length() > 255 || !VALID.matcher(type).matches()) {
            throw new IllegalArgumentException("Not a valid media type: '" + type.replaceAll("\\p{Cntrl}", "?")
                    + "' (expected type/subtype, e.g. image/png)");
        }
        return type;
    }

    /** The media type for a filename's extension, or {@link #OCTET_STREAM} when it is not known. */
    public static String guess(String filename) {
        if (filename == null) {
            return OCTET_STREAM;
        }
        int dot = filename.lastIndexOf('.');
        int slash = Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\'));
        if (dot <= slash || dot == filename.length() - 1) {
            return OCTET_STREAM;
        }
        String ext = filename.substring(dot + 1).toLowerCase(Locale.ROOT);
        String known = BY_EXTENSION.get(ext);
        if (known != null) {
            return known;
        }
        String jdk = java.net.URLConnection.getFileNameMap().getContentTypeFor("x." + ext);
        return jdk == null ? OCTET_STREAM : jdk;
    }

    /** Whether {@code type} matches {@code pattern}: exact (ignoring parameters and case) or {@code image/*}. */
    public static boolean matches(String pattern, String type) {
        String bare = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        String p = pattern.trim().toLowerCase(Locale.ROOT);
        if (p.equals("*/*")) {
            return true;
        }
        if (p.endsWith("/*")) {
            return bare.startsWith(p.substring(0, p.length() - 1));
        }
        return bare.equals(p.split(";", 2)[0].trim());
    }

    /** Whether {@code patterns} allow {@code type}: one of them {@link #matches}, or there are none. */
    public static boolean allowedBy(java.util.Collection<String> patterns, String type) {
        return patterns.isEmpty() || patterns.stream().anyMatch(p -> matches(p, type));
    }
}
