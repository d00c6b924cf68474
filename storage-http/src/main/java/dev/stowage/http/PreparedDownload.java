package dev.stowage.http;

import dev.stowage.api.ByteRange;
import dev.stowage.api.Storage;
import dev.stowage.api.StorageException;
import dev.stowage.api.StoredFile;
import dev.stowage.api.spi.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * The answer to a plain download of one small stored file, prepared once: its record, its whole bytes, checked
 * against the record's SHA-256 when read, and the response headers that depend on the file alone, encoded. It
 * stays the right answer for as long as a stat of the name returns an equal record.
 *
 * @param file         the record the answer was prepared from
 * @param etag         the file's entity tag
 * @param lastModified when the file last changed, to the second
 * @param fileFields   the headers of both a 200 and a 304 answer: content safety and validators
 * @param bodyFields   the further headers of a 200 answer: accepted ranges, content type and length
 * @param body         the file's bytes, read-only; {@link #newBody} hands out a view of them per response
 */
record PreparedDownload(StoredFile file, String etag, Instant lastModified, List<HttpField> fileFields,
                        List<HttpField> bodyFields, ByteBuffer body) {
    /**
     * The answer for {@code file} of {@code storage}, or {@code null} when it cannot be read or its bytes are not
     * the ones its record describes (a change under way).
     */
    static PreparedDownload of(Storage storage, StoredFile file) {
        Representation representation = StoredFileResponse.representation(storage, file);
        ByteBuffer body = read(representation, file.sha256());
        if (body == null) {
            return null;
        }
        Instant lastModified = RangedResponse.lastModifiedSeconds(representation);
        List<HttpField> fileFields = new ArrayList<>();
        ContentSafety.apply((name, value) -> fileFields.add(new PreEncodedHttpField(name, value)),
                representation.contentType(), StoredFileResponse.filename(file), false);
        RangedResponse.setValidators((name, value) -> fileFields.add(new PreEncodedHttpField(name, value)),
                representation, lastModified);
        List<HttpField> bodyFields = List.of(new PreEncodedHttpField("Accept-Ranges", "bytes"),
                new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, representation.contentType()),
                new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, Long.toString(representation.length())));
        return new PreparedDownload(file, representation.etag(), lastModified, List.copyOf(fileFields), bodyFields,
                body.asReadOnlyBuffer());
    }

    /** The bytes to send in one response. */
    ByteBuffer newBody() {
        return body.slice();
    }

    /** The whole file if it has the SHA-256 {@code sha256}, else {@code null}. */
    private static ByteBuffer read(Representation representation, String sha256) {
        int length = (int) representation.length();
        byte[] bytes;
        try (InputStream in = representation.opener().apply(ByteRange.of(0, length))) {
            bytes = in.readNBytes(length);
        } catch (IOException | StorageException e) {
            return null;
        }
        MessageDigest digest = Sha256.newDigest();
        digest.update(bytes);
        return bytes.length == length && Sha256.hex(digest).equals(sha256) ? ByteBuffer.wrap(bytes) : null;
    }
}
