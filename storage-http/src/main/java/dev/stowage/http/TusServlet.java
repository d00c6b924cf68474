package dev.stowage.http;

import dev.stowage.api.ChunkSink;
import dev.stowage.api.NotFoundException;
import dev.stowage.api.SaveOptions;
import dev.stowage.api.Storage;
import dev.stowage.api.StorageException;
import dev.stowage.api.StorageId;
import dev.stowage.api.StoredFile;
import dev.stowage.api.UploadDir;
import dev.stowage.api.UploadInUseException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resumable uploads speaking tus 1.0 (core, creation, creation-with-upload, termination, checksum
 * {@code sha256}, expiration) on top of {@link ChunkSink}, for any backend; uploads are limited to
 * {@link HttpSettings#maxFileSize()} and kept unfinished for {@link HttpSettings#unfinishedUploadTtl()}.
 * {@link StowageServlets#mount} mounts it at {@value StowageServlets#TUS_PATH} and below.
 *
 * <p>The servlet keeps no upload state: each request takes the upload up by id with
 * {@link UploadDir#resumeChunkSink}, acts, and suspends, completes or aborts it; everything else the protocol
 * needs is in the upload's URL ({@link TusUploadLocation}). So an upload survives a server restart and, on a
 * backend with {@link dev.stowage.api.Capability#RESUMABLE_UPLOADS}, continues on another instance. A
 * completed upload is stored under a new storage id, named by the {@value #STORAGE_ID_HEADER} response header.
 */
public final class TusServlet extends HttpServlet {
    /** The response header naming the storage id a completed upload is stored under. */
    public static final String STORAGE_ID_HEADER = "Stowage-Storage-Id";
    /** The only tus version spoken. */
    static final String TUS_VERSION = "1.0.0";
    /** The tus extensions supported, for {@code Tus-Extension}. */
    static final String EXTENSIONS = "creation,creation-with-upload,termination,checksum,expiration";
    /** tus's status for an {@code Upload-Checksum} that does not match the chunk. */
    static final int CHECKSUM_MISMATCH = 460;
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TusServlet.class);
    private static final String OFFSET_OCTET_STREAM = "application/offset+octet-stream";
    private static final Pattern NUMBER = Pattern.compile("\\d{1,18}");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final transient UploadDir dir;
    private final transient HttpSettings settings;
    private final transient Clock clock;
    private final transient UnfinishedUploadSweep sweep;

    /** The endpoint taking uploads into {@code storage} with {@code settings}. */
    public TusServlet(Storage storage, HttpSettings settings) {
        this.dir = storage.dir();
        this.settings = settings;
        this.clock = Clock.systemUTC();
        this.sweep = new UnfinishedUploadSweep(dir, settings.unfinishedUploadTtl(), clock);
    }

    /** Removes the unfinished uploads that outlived their TTL while the endpoint was not running. */
    @Override
    public void init() {
        sweep.runIfDue();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Tus-Resumable", TUS_VERSION);
        String override = request.getHeader("X-HTTP-Method-Override");
        String method = (override != null ? override : request.getMethod()).toUpperCase(Locale.ROOT);
        try {
            if (!method.equals("OPTIONS")) {
                requireVersion(request, response);
            }
            switch (method) {
                case "OPTIONS" -> options(response);
                case "POST" -> create(request, response);
                case "HEAD" -> head(request, response);
                case "PATCH" -> patch(request, response);
                case "DELETE" -> terminate(request, response);
                default -> {
                    response.setHeader("Allow", "OPTIONS, POST, HEAD, PATCH, DELETE");
                    throw new HttpFailure(405, "method_not_allowed", "Method " + method + " is not part of tus; use OPTIONS, POST, HEAD,"
                            + " PATCH or DELETE");
                }
            }
        } catch (HttpFailure failure) {
            JsonResponses.sendFailure(request, response, failure);
        } catch (StorageException e) {
            HttpFailure failure = HttpFailure.of(e);
            if (failure.status() >= 500) {
                LOG.warn("tus request failed", e);
            }
            JsonResponses.sendFailure(request, response, failure);
        }
    }

    private void options(HttpServletResponse response) {
        response.setHeader("Tus-Version", TUS_VERSION);
        response.setHeader("Tus-Extension", EXTENSIONS);
        response.setHeader("Tus-Checksum-Algorithm", TusChecksum.ALGORITHMS);
        response.setHeader("Tus-Max-Size", Long.toString(settings.maxFileSize()));
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private void create(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getPathInfo() != null && !request.getPathInfo().equals("/")) {
            response.setHeader("Allow", "HEAD, PATCH, DELETE");
            throw new HttpFailure(405, "method_not_allowed", "Create tus uploads with a POST to the endpoint itself, not to an upload");
        }
        if (request.getHeader("Upload-Defer-Length") != null) {
            throw HttpFailure.badRequest("unsupported_extension", "Upload-Defer-Length is not supported (no creation-defer-length);"
                    + " send Upload-Length");
        }
        if (request.getHeader("Upload-Concat") != null) {
            throw HttpFailure.badRequest("unsupported_extension", "Upload-Concat is not supported (no concatenation)");
        }
        long length = number(request, "Upload-Length");
        if (length > settings.maxFileSize()) {
            throw HttpFailure.tooLarge("Upload-Length " + length + " exceeds the largest upload taken, "
                    + settings.maxFileSize() + " bytes (Tus-Max-Size)");
        }
        SaveOptions options = saveOptions(length, TusMetadata.parse(request.getHeader("Upload-Metadata")));
        byte[] expectedSha256 = expectedSha256(request);
        sweep.runIfDue();
        String name = StorageId.generate();
        ChunkSink sink = dir.chunkSink(name, options);
        TusUploadLocation location = new TusUploadLocation(sink.uploadId(), name, length,
                clock.instant().plus(settings.unfinishedUploadTtl()).truncatedTo(ChronoUnit.SECONDS));
        try (HeldUpload upload = new HeldUpload(sink)) {
            try {
                if (isOffsetOctetStream(request)) {
                    receive(upload, location, 0, expectedSha256, request, response);
                } else {
                    answerProgress(upload, location, response);
                }
            } catch (IOException | RuntimeException e) {
                upload.abort(); // the client never learns the upload's URL
                throw e;
            }
        }
        response.setHeader("Location", request.getContextPath() + request.getServletPath() + "/"
                + location.segment());
        response.setStatus(HttpServletResponse.SC_CREATED);
    }

    private void head(HttpServletRequest request, HttpServletResponse response) {
        TusUploadLocation location = location(request);
        HeldUpload held = resume(location);
        long offset;
        if (held == null) {
            offset = location.length();
            response.setHeader(STORAGE_ID_HEADER, location.name());
        } else {
            try (held) {
                offset = held.bytesReceived();
            }
            response.setHeader("Upload-Expires", HTTP_DATE.format(location.expires()));
        }
        response.setHeader("Upload-Offset", Long.toString(offset));
        response.setHeader("Upload-Length", Long.toString(location.length()));
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_OK);
    }

    private void patch(HttpServletRequest request, HttpServletResponse response) throws IOException {
        TusUploadLocation location = location(request);
        if (!isOffsetOctetStream(request)) {
            throw new HttpFailure(415, "wrong_content_type", "A tus PATCH needs Content-Type: " + OFFSET_OCTET_STREAM + ", not "
                    + request.getContentType());
        }
        long offset = number(request, "Upload-Offset");
        byte[] expectedSha256 = expectedSha256(request);
        HeldUpload held = resume(location);
        if (held == null) {
            if (offset != location.length() || hasBody(request)) {
                throw HttpFailure.conflict("upload_complete", "The upload is complete, stored as " + location.name()
                        + "; it takes no more bytes");
            }
            response.setHeader(STORAGE_ID_HEADER, location.name());
            response.setHeader("Upload-Offset", Long.toString(offset));
        } else {
            try (held) {
                if (offset != held.bytesReceived()) {
                    throw HttpFailure.conflict("offset_mismatch", "Upload-Offset " + offset + " is not the upload's offset "
                            + held.bytesReceived() + "; send HEAD to learn where to resume");
                }
                receive(held, location, offset, expectedSha256, request, response);
            }
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private void terminate(HttpServletRequest request, HttpServletResponse response) {
        TusUploadLocation location = location(request);
        HeldUpload held = resume(location);
        if (held == null) {
            throw HttpFailure.conflict("upload_complete", "The upload is complete, stored as " + location.name()
                    + "; it is no longer an upload to terminate");
        }
        try (held) {
            held.abort();
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /**
     * Writes the request's body at {@code offset}: when {@code expectedSha256} is given, only once the whole
     * chunk is known to have it. Completes the upload when its last byte arrived and says so in the response.
     */
    private void receive(HeldUpload upload, TusUploadLocation location, long offset, byte[] expectedSha256,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        long remaining = location.length() - offset;
        if (request.getContentLengthLong() > remaining) {
            throw HttpFailure.tooLarge("The chunk of " + request.getContentLengthLong() + " bytes at offset " + offset
                    + " reaches past Upload-Length " + location.length());
        }
        TusChunkBody body = new TusChunkBody(request.getInputStream(), remaining);
        if (expectedSha256 == null) {
            upload.write(offset, body);
        } else {
            try (SpooledChunk chunk = SpooledChunk.spool(body)) {
                if (!body.interrupted() && !body.overflowed()) {
                    if (!chunk.hasSha256(expectedSha256)) {
                        throw new HttpFailure(CHECKSUM_MISMATCH, "checksum_mismatch", "Upload-Checksum does not match the"
                                + " chunk's SHA-256; none of its bytes were counted");
                    }
                    try (InputStream in = chunk.open()) {
                        upload.write(offset, in);
                    }
                }
            }
        }
        if (body.overflowed()) {
            throw HttpFailure.tooLarge("The chunk at offset " + offset + " goes on past Upload-Length "
                    + location.length() + "; the upload is at offset " + upload.bytesReceived());
        }
        if (body.interrupted()) {
            throw HttpFailure.badRequest("chunk_broken_off", "The chunk at offset " + offset + " broke off; the upload is at offset "
                    + upload.bytesReceived());
        }
        answerProgress(upload, location, response);
    }

    /** Completes the upload when all its bytes arrived; sets {@code Upload-Offset} and what follows from it. */
    private static void answerProgress(HeldUpload upload, TusUploadLocation location,
            HttpServletResponse response) {
        long received = upload.bytesReceived();
        if (received == location.length()) {
            StoredFile stored = upload.complete();
            response.setHeader(STORAGE_ID_HEADER, stored.name());
        } else {
            response.setHeader("Upload-Expires", HTTP_DATE.format(location.expires()));
        }
        response.setHeader("Upload-Offset", Long.toString(received));
    }

    /**
     * The unfinished upload at {@code location}, held, or {@code null} when it completed.
     *
     * @throws HttpFailure 404 when there is no such upload, 410 when it expired, 423 when another request holds it
     */
    private HeldUpload resume(TusUploadLocation location) {
        ChunkSink sink;
        try {
            sink = dir.resumeChunkSink(location.uploadId());
        } catch (NotFoundException e) {
            if (dir.exists(location.name())) {
                return null;
            }
            throw HttpFailure.notFound("No unfinished tus upload " + location.uploadId()
                    + ": it was terminated, expired or never existed");
        } catch (UploadInUseException e) {
            throw new HttpFailure(423, "upload_in_use", "The upload " + location.uploadId()
                    + " is busy with another request; retry once that has ended");
        }
        if (location.expiredAt(clock.instant())) {
            sink.abort();
            throw new HttpFailure(410, "upload_expired", "The upload " + location.uploadId() + " expired at "
                    + HTTP_DATE.format(location.expires()) + " and was removed");
        }
        return new HeldUpload(sink);
    }

    /** How the upload of {@code length} bytes described by {@code metadata} is saved. */
    private SaveOptions saveOptions(long length, Map<String, String> metadata) {
        try {
            return SaveOptions.builder().expectedSize(length).maxSize(settings.maxFileSize())
                    .originalFilename(metadata.get("filename")).contentType(metadata.get("filetype")).build();
        } catch (IllegalArgumentException e) {
            throw HttpFailure.badRequest("bad_metadata", "Upload-Metadata filetype is refused: " + e.getMessage());
        }
    }

    /** The upload at the request's path. @throws HttpFailure 404 when the path names none */
    private static TusUploadLocation location(HttpServletRequest request) {
        String path = request.getPathInfo();
        String segment = path == null || path.length() < 2 || path.indexOf('/', 1) >= 0 ? "" : path.substring(1);
        return TusUploadLocation.parse(segment).orElseThrow(
                () -> HttpFailure.notFound("No tus upload at " + request.getRequestURI()));
    }

    private static void requireVersion(HttpServletRequest request, HttpServletResponse response) {
        String version = request.getHeader("Tus-Resumable");
        if (!TUS_VERSION.equals(version)) {
            response.setHeader("Tus-Version", TUS_VERSION);
            throw new HttpFailure(412, "tus_version", (version == null ? "The Tus-Resumable header is missing"
                    : "Tus-Resumable " + version + " is not supported") + "; this server speaks tus " + TUS_VERSION);
        }
    }

    private static boolean isOffsetOctetStream(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.split(";", 2)[0].trim().equalsIgnoreCase(OFFSET_OCTET_STREAM);
    }

    private static byte[] expectedSha256(HttpServletRequest request) {
        String header = request.getHeader("Upload-Checksum");
        return header == null ? null : TusChecksum.parse(header);
    }

    /** Whether the request carries at least one byte of body, declared or (chunked) sent. */
    private static boolean hasBody(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        return declared > 0 || (declared < 0 && request.getInputStream().read() >= 0);
    }

    /** The header {@code name} as a number of bytes. @throws HttpFailure 400 when it is missing or not one */
    private static long number(HttpServletRequest request, String name) {
        String value = request.getHeader(name);
        if (value == null || !NUMBER.matcher(value.trim()).matches()) {
            throw HttpFailure.badRequest("bad_header", name + " must be a number of bytes, not "
                    + (value == null ? "missing" : "'" + value + "'"));
        }
        return Long.parseLong(value.trim());
    }
}
