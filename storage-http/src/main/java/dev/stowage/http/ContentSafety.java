package dev.stowage.http;

import dev.stowage.api.ContentDisposition;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * Which stored content a browser may show in place, and the headers that keep the rest harmless. Images (but
 * SVG), PDF, audio, video and plain text are passive and go inline; everything else (HTML, SVG, XML,
 * JavaScript, unknown types) could run script in this site's origin, so it is sent as an attachment under a
 * sandboxing Content-Security-Policy. Every response gets {@code X-Content-Type-Options: nosniff}.
 */
final class ContentSafety {
    /** Denies everything and sandboxes the document, should a browser render it anyway. */
    static final String SANDBOX_POLICY = "default-src 'none'; sandbox";

    private ContentSafety() {
    }

    /** Whether {@code contentType} is passive content a browser may show in place. */
    static boolean isPassive(String contentType) {
        String bare = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return (bare.startsWith("image/") && !bare.contains("svg")) || bare.startsWith("audio/")
                || bare.startsWith("video/") || bare.equals("application/pdf") || bare.equals("text/plain");
    }

    /**
     * Sets {@code nosniff}, the disposition, and for attachments the sandboxing policy, each through
     * {@code setHeader} (name, value). {@code forceAttachment} makes even passive content an attachment.
     */
    static void apply(BiConsumer<String, String> setHeader, String contentType, String filename,
                      boolean forceAttachment) {
        setHeader.accept("X-Content-Type-Options", "nosniff");
        boolean inline = !forceAttachment && isPassive(contentType);
        ContentDisposition disposition = inline ? ContentDisposition.inline(filename)
                : ContentDisposition.attachment(filename);
        setHeader.accept("Content-Disposition", disposition.headerValue());
        if (!inline) {
            setHeader.accept("Content-Security-Policy", SANDBOX_POLICY);
        }
    }
}
