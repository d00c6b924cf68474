package dev.stowage.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataUriTest {
    /** A 1x1 GIF, split over lines as RFC 2397 shows its example. */
    private static final String GIF = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5\n"
            + "  BAEAAAAALAAAAAABAAEAAAIBRAA7";

    private static byte[] bytes(DataUri uri) {
        try (InputStream in = uri.open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(DataUri uri) {
        return new String(bytes(uri), StandardCharsets.UTF_8);
    }

    private static String error(String uri) {
        return assertThrows(IllegalArgumentException.class, () -> DataUri.parse(uri)).getMessage();
    }

    @Test
    void rfcBriefNoteHasTheDefaultType() {
        DataUri uri = DataUri.parse("data:,A%20brief%20note");
        assertEquals(DataUri.DEFAULT_MEDIA_TYPE, uri.mediaType());
        assertEquals("A brief note", text(uri));
        assertEquals(12, uri.length());
    }

    @Test
    void rfcGreekTextKeepsItsCharsetAndRawBytes() {
        DataUri uri = DataUri.parse("data:text/plain;charset=iso-8859-7,%be%fe%be");
        assertEquals("text/plain;charset=iso-8859-7", uri.mediaType());
        assertArrayEquals(new byte[] {(byte) 0xbe, (byte) 0xfe, (byte) 0xbe}, bytes(uri));
    }

    @Test
    void base64ImageWithLineBreaksDecodes() throws IOException {
        DataUri uri = DataUri.parse(GIF);
        assertEquals("image/gif", uri.mediaType());
        byte[] gif = bytes(uri);
        assertEquals(42, gif.length);
        assertEquals("GIF89a", new String(gif, 0, 6, StandardCharsets.US_ASCII));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(gif));
        assertNotNull(image);
        assertEquals(1, image.getWidth());
        assertEquals(1, image.getHeight());
    }

    @Test
    void parametersWithoutTypeMeanTextPlain() {
        DataUri uri = DataUri.parse("data:;charset=utf-8,caf%C3%A9");
        assertEquals("text/plain;charset=utf-8", uri.mediaType());
        assertEquals("café", text(uri));
    }

    @Test
    void base64WithoutType() {
        DataUri uri = DataUri.parse("data:;base64,SGk=");
        assertEquals(DataUri.DEFAULT_MEDIA_TYPE, uri.mediaType());
        assertEquals("Hi", text(uri));
    }

    @Test
    void schemeAndBase64AreCaseInsensitive() {
        DataUri uri = DataUri.parse("DATA:TEXT/PLAIN;BASE64,SGk=");
        assertEquals("TEXT/PLAIN", uri.mediaType());
        assertEquals("Hi", text(uri));
    }

    @Test
    void base64MayBePercentEncodedAndUnpadded() {
        assertEquals("Hi", text(DataUri.parse("data:;base64,SGk%3D")));
        assertEquals("Hi", text(DataUri.parse("data:;base64,SGk")));
    }

    @Test
    void dataMayContainCommasAndRawUnicode() {
        assertEquals("a,b", text(DataUri.parse("data:,a,b")));
        assertEquals("é €", text(DataUri.parse("data:text/plain;charset=utf-8,é €")));
    }

    @Test
    void emptyData() {
        assertEquals(0, DataUri.parse("data:,").length());
        assertEquals(0, DataUri.parse("data:application/octet-stream;base64,").length());
    }

    @Test
    void aParameterNamedBase64ValueIsNotTheBase64Flag() {
        DataUri uri = DataUri.parse("data:text/plain;x=base64,SGk=");
        assertEquals("text/plain;x=base64", uri.mediaType());
        assertEquals("SGk=", text(uri));
    }

    @Test
    void badPercentEscapeIsNamed() {
        String message = error("data:text/plain;charset=iso-8859-7,%be%fg");
        assertTrue(message.contains("bad percent escape '%fg'"), message);
        assertTrue(error("data:,abc%4").contains("bad percent escape '%4'"));
        assertTrue(error("data:,abc%").contains("bad percent escape '%'"));
        assertTrue(error("data:text%2,abc").contains("bad percent escape"));
    }

    @Test
    void missingCommaIsNamed() {
        assertTrue(error("data:text/plain;base64SGk=").contains("no ','"));
    }

    @Test
    void otherSchemesAreRefused() {
        assertTrue(error("http://example/x.png").contains("does not start with 'data:'"));
        assertTrue(error("").contains("does not start with 'data:'"));
        assertThrows(NullPointerException.class, () -> DataUri.parse(null));
    }

    @Test
    void badBase64IsNamed() {
        String message = error("data:;base64,SGk*");
        assertTrue(message.contains("bad base64"), message);
        assertTrue(error("data:;base64,S").contains("bad base64"));
    }

    @Test
    void badMediaTypeIsNamed() {
        assertTrue(error("data:text,abc").contains("Not a valid media type"));
        assertTrue(error("data:text/plain%0D%0AX: y,abc").contains("Not a valid media type"));
    }

    @Test
    void errorMessagesAreShortAndOnOneLine() {
        String message = error("data:text/plain;charset=utf-8\r\n" + "x".repeat(10_000));
        assertTrue(message.length() < 300, message);
        assertFalse(message.contains("\r") || message.contains("\n"), message);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 3071, 3072, 3073, 10_000})
    void encodeIsBase64OfAllBytes(int size) throws IOException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        String uri = DataUri.encode(new ByteArrayInputStream(data), "application/octet-stream");
        assertEquals("data:application/octet-stream;base64," + Base64.getEncoder().encodeToString(data), uri);
        assertArrayEquals(data, bytes(DataUri.parse(uri)));
    }

    @Test
    void encodeDropsSpacesAndEscapesQuotedParameters() throws IOException {
        String type = "text/plain; name=\"a b,#c\"";
        String uri = DataUri.encode(new ByteArrayInputStream(new byte[] {'x'}), type);
        assertEquals("data:text/plain;name=%22a%20b%2C%23c%22;base64,eA==", uri);
        assertEquals("text/plain;name=\"a b,#c\"", DataUri.parse(uri).mediaType());
    }

    @Test
    void encodeRefusesAnInvalidType() {
        assertThrows(IllegalArgumentException.class,
                () -> DataUri.encode(new ByteArrayInputStream(new byte[0]), "not a type"));
    }
}
