package dev.stowage.http;

import dev.stowage.api.DownloadSource;
import dev.stowage.api.StorageException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Sends any {@link DownloadSource} (a stored file, generated text, bytes, an image, JSON) as a download from a
 * servlet: an attachment under its filename ({@code Content-Disposition}, RFC 6266, non-ASCII names kept),
 * its content type, {@code X-Content-Type-Options: nosniff}, its length when known and, then, single and
 * multiple byte ranges. The bytes are streamed, never held whole. Errors become JSON answers.
 *
 * <pre>{@code
 * protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
 *     DownloadResponses.send(DownloadSource.ofString(report(), "report.csv"), req, resp);
 * }
 * }</pre>
 */
public final class DownloadResponses {
    private static final int MAX_RANGES = HttpSettings.defaults().maxRanges();

    private DownloadResponses() {
    }

    /** Answers {@code request} (GET or HEAD) with {@code source} as an attachment. */
    public static void send(DownloadSource source, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        try {
            String contentType = source.contentType();
            ContentSafety.apply(response::setHeader, contentType, source.filename(), true);
            Representation representation = new Representation(source.length().orElse(-1), contentType, null,
                    null, source::open);
            RangedResponse.send(request, response, representation, MAX_RANGES);
        } catch (HttpFailure failure) {
            JsonResponses.sendFailure(request, response, failure);
        } catch (StorageException e) {
            JsonResponses.sendFailure(request, response, HttpFailure.of(e));
        }
    }
}
