package dev.stowage.api;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Something a user downloads: a stored file or data made on the spot (text, bytes, an image, JSON). It has a
 * download filename, a valid media type and, when known, a length; it can be opened any number of times,
 * whole or as a {@link ByteRange}. Errors are unchecked: I/O failures surface as {@link StorageIOException}.
 */
public interface DownloadSource {

    /** The filename the user's browser saves the download under. */
    String filename();

    /** The media type, valid for a {@code Content-Type} header. */
    String contentType();

    /** The length in bytes, when known without reading. */
    OptionalLong length();

    /** The bytes from the first; the caller closes the stream. */
    InputStream open();

    /**
     * {@code range} of the bytes, cut to the end. This default skips and bounds {@link #open()}; sources
     * that can seek do better.
     *
     * @throws RangeNotSatisfiableException when the range starts past the end
     */
    default InputStream open(ByteRange range) {
        OptionalLong length = length();
        ByteRange wanted = length.isPresent() ? range.clip(filename(), length.getAsLong()) : range;
        return RangeInputStream.of(open(), wanted, filename());
    }

    /** Tells a browser to save the download as {@link #filename()}. */
    default ContentDisposition contentDisposition() {
        return ContentDisposition.attachment(filename());
    }

    /**
     * The bytes as an RFC 2397 {@code data:} URI in base64, with {@link #contentType()} as it is: a charset is
     * there only when the content type names one. Builds the whole URI in memory, so keep it to small files.
     */
    default String toDataUri() {
        try (InputStream in = open()) {
            return DataUri.encode(in, contentType());
        } catch (IOException e) {
            throw StorageIOException.during("read", filename(), e);
        }
    }

    /** The same bytes and content type downloaded under {@code filename}. */
    default DownloadSource withFilename(String filename) {
        return new RelabeledSource(this, requireFilename(filename), null);
    }

    /** The same bytes and filename served as {@code contentType}. */
    default DownloadSource withContentType(String contentType) {
        return new RelabeledSource(this, null, MediaTypes.requireValid(contentType));
    }

    /**
     * The file stored under {@code name}, downloaded under the filename it was uploaded with or, when none was
     * kept, the last segment of {@code name}. It is looked up ({@link UploadDir#stat}) once, on first need;
     * ranges are read by the backend.
     */
    static DownloadSource stored(UploadDir dir, String name) {
        return new StoredSource(Objects.requireNonNull(dir, "dir"), Objects.requireNonNull(name, "name"), null);
    }

    /** The file stored under {@code name}, downloaded under {@code filename}. */
    static DownloadSource stored(UploadDir dir, String name, String filename) {
        return new StoredSource(Objects.requireNonNull(dir, "dir"), Objects.requireNonNull(name, "name"),
                requireFilename(filename));
    }

    /**
     * {@code text} in UTF-8. The content type is the one {@link MediaTypes#guess guessed} from
     * {@code filename} when that is a text type ({@code text/*}, JSON, XML, JavaScript), else
     * {@code text/plain}; either way with {@code ; charset=utf-8}.
     */
    static DownloadSource ofString(String text, String filename) {
        Objects.requireNonNull(text, "text");
        String name = requireFilename(filename);
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        return new BytesSource(name, textType(name) + "; charset=utf-8", () -> data);
    }

    /** {@code data} as it is; it is not copied, so it must not change afterwards. */
    static DownloadSource ofBytes(byte[] data, String filename, String contentType) {
        Objects.requireNonNull(data, "data");
        return new BytesSource(requireFilename(filename), MediaTypes.requireValid(contentType), () -> data);
    }

    /**
     * The bytes and media type of an RFC 2397 {@code data:} URI.
     *
     * @throws IllegalArgumentException when the URI is malformed (see {@link DataUri#parse})
     */
    static DownloadSource ofDataUri(String dataUri, String filename) {
        String name = requireFilename(filename);
        DataUri parsed = DataUri.parse(dataUri);
        byte[] data = parsed.data();
        return new BytesSource(name, parsed.mediaType(), () -> data);
    }

    /**
     * {@code image} as {@code image/png}. It is rendered once, when its length or bytes are first needed, and
     * kept; so the image must not change afterwards. Works in headless mode.
     */
    static DownloadSource ofImage(RenderedImage image, String filename) {
        Objects.requireNonNull(image, "image");
        String name = requireFilename(filename);
        return new BytesSource(name, "image/png", () -> png(image, name));
    }

    /**
     * {@code value} written as JSON ({@code application/json}, UTF-8) by a Jackson {@code ObjectMapper} with
     * the modules found on the classpath. Written at once, so an unwritable value fails here.
     *
     * @throws IllegalStateException    when Jackson is not on the classpath
     * @throws IllegalArgumentException when Jackson cannot write {@code value}
     */
    static DownloadSource ofJson(Object value, String filename) {
        String name = requireFilename(filename);
        try {
            Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false,
                    DownloadSource.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("DownloadSource.ofJson needs Jackson, which is not on the classpath: "
                    + "add the dependency com.fasterxml.jackson.core:jackson-databind", e);
        }
        byte[] data = JacksonJson.write(value, name);
        return new BytesSource(name, "application/json", () -> data);
    }

    private static String requireFilename(String filename) {
        Objects.requireNonNull(filename, "filename");
        if (filename.isBlank()) {
            throw new IllegalArgumentException("A download filename must not be blank: '" + filename + "'");
        }
        return filename;
    }

    private static String textType(String filename) {
        String guessed = MediaTypes.guess(filename).toLowerCase(Locale.ROOT);
        boolean text = guessed.startsWith("text/") || guessed.endsWith("+json") || guessed.endsWith("+xml")
                || guessed.equals("application/json") || guessed.equals("application/xml")
                || guessed.equals("application/javascript");
        return text ? guessed : "text/plain";
    }

    private static byte[] png(RenderedImage image, String filename) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream png = new MemoryCacheImageOutputStream(out)) {
            if (!ImageIO.write(image, "png", png)) {
                throw new IllegalArgumentException("No PNG writer can write this image for '" + filename + "': "
                        + image.getClass().getName() + " with " + image.getColorModel());
            }
        } catch (IOException e) {
            throw StorageIOException.during("render", filename, e);
        }
        return out.toByteArray();
    }
}
