package dev.stowage.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.ByteRange;
import dev.stowage.api.DownloadSource;
import dev.stowage.api.NotFoundException;
import dev.stowage.api.RangeNotSatisfiableException;
import dev.stowage.api.SaveOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link DownloadSource#stored} on every backend: filename, content type and length from
 * the stored metadata, whole and ranged reads through the backend, and a correct Content-Disposition.
 */
public abstract class DownloadSourceContract extends StorageContract {

    @Test
    void offersAStoredFileUnderItsOriginalFilename() throws IOException {
        byte[] data = bytes(50_000, 1);
        dir().save("docs/abc123", stream(data), SaveOptions.builder().contentType("application/pdf")
                .originalFilename("Résumé \"final\".pdf").build());
        DownloadSource source = DownloadSource.stored(dir(), "docs/abc123");
        assertEquals("application/pdf", source.contentType());
        assertEquals(data.length, source.length().orElseThrow());
        assertTrue(source.filename().startsWith("R"), source.filename());
        String header = source.contentDisposition().headerValue();
        assertTrue(header.startsWith("attachment; filename=\""), header);
        assertTrue(header.contains("filename*=UTF-8''R%C3%A9sum%C3%A9"), header);
        assertTrue(header.chars().allMatch(c -> c >= 0x20 && c < 0x7f), header);
        try (InputStream in = source.open()) {
            assertArrayEquals(data, in.readAllBytes());
        }
        try (InputStream in = source.open(ByteRange.of(40_000, 20_000))) {
            assertArrayEquals(Arrays.copyOfRange(data, 40_000, 50_000), in.readAllBytes());
        }
        assertThrows(RangeNotSatisfiableException.class, () -> source.open(ByteRange.from(50_000)));
    }

    @Test
    void fallsBackToTheLastSegmentOfTheName() {
        dir().save("exports/2026/data.csv", stream(new byte[] {1, 2, 3}));
        DownloadSource source = DownloadSource.stored(dir(), "exports/2026/data.csv");
        assertEquals("data.csv", source.filename());
        assertEquals("text/csv", source.contentType().split(";")[0]);
        assertEquals("renamed.csv", DownloadSource.stored(dir(), "exports/2026/data.csv", "renamed.csv").filename());
    }

    @Test
    void aMissingFileIsNotFound() {
        assertThrows(NotFoundException.class, () -> DownloadSource.stored(dir(), "missing.bin").open());
    }
}
