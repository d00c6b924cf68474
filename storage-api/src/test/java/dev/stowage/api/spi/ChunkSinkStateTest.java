package dev.stowage.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.ProgressListener;
import dev.stowage.api.SaveOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkSinkStateTest {

    @Test
    void roundTripsEveryFieldWithoutTheProgressListener() {
        SaveOptions options = SaveOptions.builder().contentType("image/png").originalFilename("Ünïcødé 名前\n=:#.png")
                .overwrite(true).expectedSha256("AB".repeat(32)).expectedSize(1234).maxSize(5000)
                .progress((received, total) -> { }).build();
        ChunkSinkState state = new ChunkSinkState("0123456789abcdefghjkmnpqrs", "a/b c.png", options,
                Instant.parse("2026-11-21T10:15:30.123456Z"), Map.of("upload-id", "x=y:z", "session", "http://h/?a=b"));
        assertEquals(ProgressListener.NONE, state.options().progress());

        ChunkSinkState read = ChunkSinkState.fromBytes(state.toBytes());
        assertEquals(state, read);
        assertEquals("ab".repeat(32), read.options().expectedSha256());
        assertEquals(Map.of("upload-id", "x=y:z", "session", "http://h/?a=b", "k", "v"),
                read.withBackend("k", "v").backend());
    }

    @Test
    void unsetOptionsStayUnset() {
        ChunkSinkState state = new ChunkSinkState("0123456789abcdefghjkmnpqrs", "n", SaveOptions.defaults(),
                Instant.EPOCH, Map.of());
        ChunkSinkState read = ChunkSinkState.fromBytes(state.toBytes());
        assertEquals(state, read);
        assertEquals(-1, read.options().expectedSize());
        assertEquals(null, read.options().contentType());
    }

    @Test
    void incompleteOrMalformedBytesAreRefusedNamingTheProblem() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ChunkSinkState.fromBytes("name=x\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertTrue(missing.getMessage().contains("lacks"), missing.getMessage());
        String bad = "upload-id=i\nname=n\ncreated=yesterday\noverwrite=false\nexpected-size=1\nmax-size=-1\n";
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> ChunkSinkState.fromBytes(bad.getBytes(StandardCharsets.ISO_8859_1)));
        assertTrue(malformed.getMessage().contains("malformed"), malformed.getMessage());
    }
}
