package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.stowage.api.StoredFile;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kept answers stay within their byte budget: replacing one frees its bytes, and overflowing forgets them all. */
class PreparedDownloadsTest {
    private static final int SIZE = 64 * 1024;

    private static PreparedDownload download(String name) {
        StoredFile file = new StoredFile(name, SIZE, "application/octet-stream", "0".repeat(64), null, Instant.EPOCH);
        return new PreparedDownload(file, "\"etag\"", Instant.EPOCH, List.of(), List.of(), ByteBuffer.allocate(SIZE));
    }

    @Test
    void replacingAnAnswerFreesItsBytesAndOverflowingForgetsAll() {
        PreparedDownloads kept = new PreparedDownloads();
        int fitting = (int) (PreparedDownloads.MAX_BYTES / SIZE);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < fitting; i++) {
                kept.put("/_upload/f" + i, "f" + i, download("f" + i));
            }
        }
        assertEquals("f0", kept.get("/_upload/f0").name(), "replaced answers take no room of their own");
        kept.put("/_upload/one-more", "one-more", download("one-more"));
        assertNull(kept.get("/_upload/f0"));
        assertEquals("one-more", kept.get("/_upload/one-more").name());
    }
}
