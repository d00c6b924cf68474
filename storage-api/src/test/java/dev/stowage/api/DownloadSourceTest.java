package dev.stowage.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DownloadSourceTest {
    private static final byte[] DIGITS = "0123456789".getBytes(StandardCharsets.US_ASCII);

    /** Rendering must not need a display. */
    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    static byte[] read(InputStream stream) {
        try (InputStream in = stream) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(DownloadSource source) {
        return read(source.open());
    }

    static String text(DownloadSource source) {
        return new String(bytes(source), StandardCharsets.UTF_8);
    }

    /** Checks whole reads and ranges of {@code source} against {@code expected} (at least 4 bytes). */
    static void assertContent(byte[] expected, DownloadSource source) {
        int n = expected.length;
        assertEquals(OptionalLong.of(n), source.length());
        assertArrayEquals(expected, bytes(source));
        assertArrayEquals(expected, bytes(source), "a source opens more than once");
        assertArrayEquals(Arrays.copyOfRange(expected, 0, 3), read(source.open(ByteRange.of(0, 3))));
        assertArrayEquals(Arrays.copyOfRange(expected, 1, n - 1), read(source.open(ByteRange.inclusive(1, n - 2))));
        assertArrayEquals(Arrays.copyOfRange(expected, 2, n), read(source.open(ByteRange.from(2))));
        assertArrayEquals(Arrays.copyOfRange(expected, n - 1, n), read(source.open(ByteRange.of(n - 1, 100))));
        assertArrayEquals(expected, read(source.open(ByteRange.from(0))));
        assertArrayEquals(new byte[0], read(source.open(ByteRange.of(n, 0))));
        RangeNotSatisfiableException past = assertThrows(RangeNotSatisfiableException.class,
                () -> source.open(ByteRange.from(n + 5)));
        assertEquals(n, past.size());
        assertThrows(RangeNotSatisfiableException.class, () -> source.open(ByteRange.from(n)));
    }

    static String normalized(String type) {
        return type.replace(" ", "");
    }

    /** {@code source} through a data: URI and back is the same bytes and type. */
    static void assertDataUriRoundTrip(DownloadSource source) {
        DownloadSource back = DownloadSource.ofDataUri(source.toDataUri(), source.filename());
        assertEquals(normalized(source.contentType()), back.contentType());
        assertArrayEquals(bytes(source), bytes(back));
        assertEquals(source.filename(), back.filename());
    }

    @Nested
    class OfString {
        @Test
        void isUtf8TextPlain() {
            DownloadSource source = DownloadSource.ofString("héllo €!", "greeting.txt");
            assertEquals("greeting.txt", source.filename());
            assertEquals("text/plain; charset=utf-8", source.contentType());
            assertContent("héllo €!".getBytes(StandardCharsets.UTF_8), source);
            assertEquals(OptionalLong.of(11), source.length());
        }

        @ParameterizedTest
        @CsvSource({
            "notes.txt, text/plain; charset=utf-8",
            "table.csv, text/csv; charset=utf-8",
            "page.html, text/html; charset=utf-8",
            "data.json, application/json; charset=utf-8",
            "feed.xml, application/xml; charset=utf-8",
            "logo.svg, image/svg+xml; charset=utf-8",
            "README, text/plain; charset=utf-8",
            "photo.png, text/plain; charset=utf-8",
            "archive.zip, text/plain; charset=utf-8"})
        void typeIsGuessedWhenTextual(String filename, String expected) {
            assertEquals(expected, DownloadSource.ofString("x", filename).contentType());
        }

        @Test
        void emptyText() {
            DownloadSource source = DownloadSource.ofString("", "empty.txt");
            assertEquals(OptionalLong.of(0), source.length());
            assertArrayEquals(new byte[0], read(source.open(ByteRange.from(0))));
            assertThrows(RangeNotSatisfiableException.class, () -> source.open(ByteRange.from(1)));
        }

        @Test
        void dataUriKeepsTheCharset() {
            assertEquals("data:text/plain;charset=utf-8;base64,SGk=",
                    DownloadSource.ofString("Hi", "a.txt").toDataUri());
            assertDataUriRoundTrip(DownloadSource.ofString("naïve ☃ text", "a.txt"));
        }
    }

    @Nested
    class OfBytes {
        @Test
        void keepsTypeAndBytes() {
            DownloadSource source = DownloadSource.ofBytes(DIGITS, "digits.bin", "application/octet-stream");
            assertEquals("digits.bin", source.filename());
            assertEquals("application/octet-stream", source.contentType());
            assertContent(DIGITS, source);
            assertDataUriRoundTrip(source);
        }

        @Test
        void addsNoCharsetToText() {
            byte[] hi = "Hi".getBytes(StandardCharsets.US_ASCII);
            DownloadSource source = DownloadSource.ofBytes(hi, "a.txt", "text/plain");
            assertEquals("data:text/plain;base64,SGk=", source.toDataUri());
        }

        @Test
        void largeDataRoundTripsThroughADataUri() {
            byte[] data = new byte[100_001];
            new Random(7).nextBytes(data);
            assertDataUriRoundTrip(DownloadSource.ofBytes(data, "random.bin", "application/octet-stream"));
        }

        @Test
        void quotedTypeParametersRoundTrip() {
            DownloadSource source = DownloadSource.ofBytes(DIGITS, "d.txt", "text/plain; name=\"a, b\"");
            assertEquals("text/plain;name=\"a, b\"", DownloadSource.ofDataUri(source.toDataUri(), "x").contentType());
        }

        @Test
        void refusesInvalidTypesAndFilenames() {
            assertThrows(IllegalArgumentException.class, () -> DownloadSource.ofBytes(DIGITS, "a", "not a type"));
            assertThrows(IllegalArgumentException.class,
                    () -> DownloadSource.ofBytes(DIGITS, "a", "text/plain\r\nSet-Cookie: x=y"));
            assertThrows(IllegalArgumentException.class, () -> DownloadSource.ofBytes(DIGITS, " ", "text/plain"));
            assertThrows(IllegalArgumentException.class, () -> DownloadSource.ofBytes(DIGITS, "", "text/plain"));
            assertThrows(NullPointerException.class, () -> DownloadSource.ofBytes(DIGITS, null, "text/plain"));
            assertThrows(NullPointerException.class, () -> DownloadSource.ofBytes(null, "a", "text/plain"));
            assertThrows(IllegalArgumentException.class, () -> DownloadSource.ofString("x", "\t"));
            assertThrows(IllegalArgumentException.class, () -> DownloadSource.ofDataUri("data:,x", " "));
            assertThrows(IllegalArgumentException.class,
                    () -> DownloadSource.ofImage(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), ""));
            assertThrows(IllegalArgumentException.class, () -> DownloadSource.ofJson(Map.of(), ""));
        }
    }

    @Nested
    class OfDataUri {
        @Test
        void takesTypeAndBytesFromTheUri() {
            DownloadSource source = DownloadSource.ofDataUri("data:text/plain;charset=US-ASCII,0123456789", "d.txt");
            assertEquals("text/plain;charset=US-ASCII", source.contentType());
            assertEquals("d.txt", source.filename());
            assertContent(DIGITS, source);
        }

        @Test
        void malformedUriFailsAtOnce() {
            assertThrows(IllegalArgumentException.class, () -> DownloadSource.ofDataUri("data:,%zz", "a.txt"));
        }
    }

    @Nested
    class OfImage {
        private BufferedImage image() {
            BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_ARGB);
            int[] colors = {0xFFFF0000, 0xFF00FF00, 0xFF0000FF, 0x80FFFFFF, 0x00000000, 0xFF123456};
            for (int i = 0; i < colors.length; i++) {
                image.setRGB(i % 3, i / 3, colors[i]);
            }
            return image;
        }

        @Test
        void isAPngWithTheSamePixels() throws IOException {
            BufferedImage image = image();
            DownloadSource source = DownloadSource.ofImage(image, "chart.png");
            assertEquals("image/png", source.contentType());
            assertEquals("chart.png", source.filename());
            byte[] png = bytes(source);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                    Arrays.copyOf(png, 8));
            assertContent(png, source);
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
            assertEquals(3, back.getWidth());
            assertEquals(2, back.getHeight());
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 3; x++) {
                    assertEquals(image.getRGB(x, y), back.getRGB(x, y), "pixel " + x + "," + y);
                }
            }
            assertDataUriRoundTrip(source);
        }

        @Test
        void isRenderedOnFirstUseThenKept() throws IOException {
            BufferedImage image = image();
            DownloadSource source = DownloadSource.ofImage(image, "chart.png");
            image.setRGB(0, 0, 0xFFABCDEF);
            assertTrue(source.length().isPresent());
            image.setRGB(0, 0, 0xFF000000);
            BufferedImage back = ImageIO.read(source.open());
            assertEquals(0xFFABCDEF, back.getRGB(0, 0));
        }
    }

    record Invoice(String number, long cents, List<String> lines) {
    }

    @Nested
    class OfJson {
        private final ObjectMapper mapper = new ObjectMapper();

        @Test
        void writesARecord() throws IOException {
            DownloadSource source = DownloadSource.ofJson(new Invoice("A-1", 1250, List.of("tea", "cake")), "a.json");
            assertEquals("application/json", source.contentType());
            assertEquals("a.json", source.filename());
            JsonNode json = mapper.readTree(bytes(source));
            assertEquals("A-1", json.get("number").asText());
            assertEquals(1250, json.get("cents").asLong());
            assertEquals("cake", json.get("lines").get(1).asText());
            assertContent(bytes(source), source);
            assertDataUriRoundTrip(source);
        }

        @Test
        void writesAMapAsUtf8() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("name", "Zoë ☃");
            map.put("list", Arrays.asList(true, null, 3));
            assertEquals("{\"name\":\"Zoë ☃\",\"list\":[true,null,3]}", text(DownloadSource.ofJson(map, "m.json")));
        }

        @Test
        void anUnwritableValueFailsAtOnce() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DownloadSource.ofJson(new Object(), "o.json"));
            assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
            assertTrue(e.getMessage().contains("'o.json'"), e.getMessage());
        }

        @Test
        void withoutJacksonTheErrorNamesTheArtifactToAdd() throws Exception {
            URL classes = DownloadSource.class.getProtectionDomain().getCodeSource().getLocation();
            try (URLClassLoader noJackson = new URLClassLoader(new URL[] {classes},
                    ClassLoader.getPlatformClassLoader())) {
                Class<?> type = noJackson.loadClass(DownloadSource.class.getName());
                assertNotSame(DownloadSource.class, type);
                Method ofString = type.getMethod("ofString", String.class, String.class);
                Object text = ofString.invoke(null, "still works", "a.txt");
                assertEquals("text/plain; charset=utf-8", type.getMethod("contentType").invoke(text));

                Method ofJson = type.getMethod("ofJson", Object.class, String.class);
                InvocationTargetException e = assertThrows(InvocationTargetException.class,
                        () -> ofJson.invoke(null, Map.of("a", 1), "a.json"));
                IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
                assertTrue(cause.getMessage().contains("com.fasterxml.jackson.core:jackson-databind"),
                        cause.getMessage());
            }
        }
    }

    @Nested
    class Stored {
        private final MemoryDir dir = new MemoryDir();

        @Test
        void usesTheOriginalFilenameTypeAndSize() {
            dir.put("2024/abc123", DIGITS, "text/plain", "digits.txt");
            DownloadSource source = DownloadSource.stored(dir, "2024/abc123");
            assertEquals(0, dir.stats, "nothing is looked up before it is needed");
            assertEquals("digits.txt", source.filename());
            assertEquals("text/plain", source.contentType());
            assertContent(DIGITS, source);
            assertEquals(1, dir.stats, "the file is looked up once");
            assertTrue(dir.rangedOpens > 0, "ranges go to the backend");
            assertDataUriRoundTrip(source);
        }

        @Test
        void withoutAnOriginalFilenameUsesTheLastSegment() {
            dir.put("reports/2024/q1.pdf", DIGITS, "application/pdf", null);
            assertEquals("q1.pdf", DownloadSource.stored(dir, "reports/2024/q1.pdf").filename());
            dir.put("flat", DIGITS, "application/pdf", " ");
            assertEquals("flat", DownloadSource.stored(dir, "flat").filename());
        }

        @Test
        void anExplicitFilenameWins() {
            dir.put("x", DIGITS, "text/plain", "digits.txt");
            DownloadSource source = DownloadSource.stored(dir, "x", "mine.txt");
            assertEquals("mine.txt", source.filename());
            assertEquals(0, dir.stats);
            assertEquals("attachment; filename=\"mine.txt\"", source.contentDisposition().headerValue());
            assertThrows(IllegalArgumentException.class, () -> DownloadSource.stored(dir, "x", " "));
        }

        @Test
        void aMissingFileIsNotFoundWhenUsed() {
            DownloadSource source = DownloadSource.stored(dir, "gone");
            assertThrows(NotFoundException.class, source::length);
            assertThrows(NotFoundException.class, source::open);
        }

        @Test
        void relabelingDoesNotLookTheFileUp() {
            dir.put("x", DIGITS, "text/plain", "digits.txt");
            DownloadSource source = DownloadSource.stored(dir, "x").withFilename("renamed.txt")
                    .withContentType("application/octet-stream");
            assertEquals("renamed.txt", source.filename());
            assertEquals("application/octet-stream", source.contentType());
            assertEquals(0, dir.stats);
            assertContent(DIGITS, source);
        }
    }

    @Nested
    class Defaults {
        @Test
        void contentDispositionIsAnAttachmentWithTheFilename() {
            ContentDisposition disposition = DownloadSource.ofString("x", "naïve.txt").contentDisposition();
            assertTrue(disposition.isAttachment());
            assertEquals("naïve.txt", disposition.filename());
        }

        @Test
        void withFilenameAndContentTypeReturnCopies() {
            DownloadSource original = DownloadSource.ofBytes(DIGITS, "d.bin", "application/octet-stream");
            DownloadSource renamed = original.withFilename("digits.txt");
            DownloadSource retyped = renamed.withContentType("text/plain; charset=us-ascii");
            assertEquals("d.bin", original.filename());
            assertEquals("digits.txt", renamed.filename());
            assertEquals("application/octet-stream", renamed.contentType());
            assertEquals("digits.txt", retyped.filename());
            assertEquals("text/plain; charset=us-ascii", retyped.contentType());
            assertEquals("data:text/plain;charset=us-ascii;base64,MDEyMzQ1Njc4OQ==", retyped.toDataUri());
            assertContent(DIGITS, retyped);
            assertThrows(IllegalArgumentException.class, () -> original.withFilename(""));
            assertThrows(IllegalArgumentException.class, () -> original.withContentType("text"));
        }

        @Test
        void rangesOfAKnownLengthFailBeforeOpening() {
            CustomSource source = new CustomSource(DIGITS, true);
            assertContent(DIGITS, source);
            int opens = source.opens;
            assertThrows(RangeNotSatisfiableException.class, () -> source.open(ByteRange.from(11)));
            assertEquals(opens, source.opens);
        }

        @Test
        void rangesOfAnUnknownLengthAreFoundByReading() {
            CustomSource source = new CustomSource(DIGITS, false);
            assertEquals(OptionalLong.empty(), source.length());
            assertArrayEquals("234".getBytes(StandardCharsets.US_ASCII), read(source.open(ByteRange.of(2, 3))));
            assertArrayEquals("89".getBytes(StandardCharsets.US_ASCII), read(source.open(ByteRange.from(8))));
            assertArrayEquals(new byte[0], read(source.open(ByteRange.of(10, 0))));
            RangeNotSatisfiableException past = assertThrows(RangeNotSatisfiableException.class,
                    () -> source.open(ByteRange.from(15)));
            assertEquals(10, past.size());
            assertEquals("custom.bin", past.name().orElseThrow());
            assertThrows(RangeNotSatisfiableException.class, () -> source.open(ByteRange.from(10)));
            assertEquals(source.opens, source.closes, "every stream opened is closed, failures included");
        }

        @Test
        void anEmptySourceOfUnknownLengthHasTheEmptyRange() {
            CustomSource source = new CustomSource(new byte[0], false);
            assertArrayEquals(new byte[0], read(source.open(ByteRange.from(0))));
            assertThrows(RangeNotSatisfiableException.class, () -> source.open(ByteRange.from(1)));
        }

        @Test
        void readErrorsWhileSkippingAreStorageIoErrors() {
            DownloadSource failing = new CustomSource(DIGITS, false) {
                @Override
                public InputStream open() {
                    return new InputStream() {
                        @Override
                        public int read() throws IOException {
                            throw new IOException("disk gone");
                        }
                    };
                }
            };
            StorageIOException e = assertThrows(StorageIOException.class, () -> failing.open(ByteRange.from(3)));
            assertTrue(e.getMessage().contains("disk gone"), e.getMessage());
            assertThrows(StorageIOException.class, failing::toDataUri);
        }
    }

    /** A source of its own, using every default: its streams skip nothing and count opens and closes. */
    static class CustomSource implements DownloadSource {
        private final byte[] data;
        private final boolean lengthKnown;
        int opens;
        int closes;

        CustomSource(byte[] data, boolean lengthKnown) {
            this.data = data;
            this.lengthKnown = lengthKnown;
        }

        @Override
        public String filename() {
            return "custom.bin";
        }

        @Override
        public String contentType() {
            return "application/octet-stream";
        }

        @Override
        public OptionalLong length() {
            return lengthKnown ? OptionalLong.of(data.length) : OptionalLong.empty();
        }

        @Override
        public InputStream open() {
            opens++;
            return new ByteArrayInputStream(data) {
                @Override
                public long skip(long n) {
                    return 0;
                }

                @Override
                public void close() {
                    closes++;
                }
            };
        }
    }

    /** Just enough of an upload directory in memory to read from; it counts look-ups and ranged opens. */
    static final class MemoryDir implements UploadDir {
        private final Map<String, StoredFile> files = new HashMap<>();
        private final Map<String, byte[]> contents = new HashMap<>();
        int stats;
        int rangedOpens;

        void put(String name, byte[] data, String type, String originalFilename) {
            try {
                String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
                files.put(name, new StoredFile(name, data.length, type, sha256, originalFilename, Instant.now()));
                contents.put(name, data);
            } catch (NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public StoredFile stat(String name) {
            stats++;
            StoredFile file = files.get(name);
            if (file == null) {
                throw NotFoundException.forName(name);
            }
            return file;
        }

        @Override
        public boolean exists(String name) {
            return files.containsKey(name);
        }

        @Override
        public InputStream open(String name, ByteRange range) {
            byte[] data = contents.get(name);
            if (data == null) {
                throw NotFoundException.forName(name);
            }
            if (range.offset() > 0 || range.length() != Long.MAX_VALUE) {
                rangedOpens++;
            }
            ByteRange clipped = range.clip(name, data.length);
            return new ByteArrayInputStream(data, (int) clipped.offset(), (int) clipped.length());
        }

        @Override
        public StoredFile save(String name, InputStream data, SaveOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ListPage list(ListOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StoredFile copy(String source, String target, boolean overwrite) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StoredFile move(String source, String target, boolean overwrite) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ChunkSink chunkSink(String name, SaveOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ChunkSink resumeChunkSink(String uploadId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int abortUnfinishedUploads(java.time.Duration age) {
            throw new UnsupportedOperationException();
        }
    }
}
