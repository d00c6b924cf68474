package dev.stowage.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadSignerKeyFileTest {
    private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
    private static final ServedUrls URLS = ServedUrls.at(ServedUrls.DEFAULT_BASE_URL);

    @TempDir
    Path dir;

    private static URI sample(UploadSigner signer) {
        return signer.signDownload(URLS, "a", Duration.ofMinutes(1), "a.txt", NOW);
    }

    private boolean posix() throws IOException {
        return Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
    }

    @Test
    void createsAKeyAndReusesItOnTheNextOpen() throws IOException {
        Path file = dir.resolve("nested/dirs/signing.key");
        UploadSigner first = UploadSigner.fromKeyFile(file);
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        assertTrue(text.matches("[A-Za-z0-9+/]{43}=\n"), text);
        assertEquals(32, Base64.getDecoder().decode(text.strip()).length);
        try (var siblings = Files.list(file.getParent())) {
            assertEquals(List.of(file), siblings.toList(), "no temporary file is left behind");
        }

        UploadSigner second = UploadSigner.fromKeyFile(file);
        assertEquals(sample(first), sample(second));
        assertEquals(text, Files.readString(file, StandardCharsets.US_ASCII));
        assertEquals(sample(new UploadSigner(Base64.getDecoder().decode(text.strip()))), sample(first));
    }

    @Test
    void eachNewFileGetsItsOwnKey() throws IOException {
        assertNotEquals(sample(UploadSigner.fromKeyFile(dir.resolve("a.key"))),
                sample(UploadSigner.fromKeyFile(dir.resolve("b.key"))));
    }

    @Test
    void newKeyFileIsReadableByItsOwnerOnly() throws IOException {
        assumeTrue(posix(), "file system has no POSIX permissions");
        Path file = dir.resolve("signing.key");
        UploadSigner.fromKeyFile(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void keyFileOpenToGroupOrOthersIsRefused() throws IOException {
        assumeTrue(posix(), "file system has no POSIX permissions");
        Path file = dir.resolve("signing.key");
        UploadSigner.fromKeyFile(file);
        for (String loose : List.of("rw-r-----", "rw----r--", "rw--w----", "rw-rw-rw-")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(loose));
            IOException e = assertThrows(IOException.class, () -> UploadSigner.fromKeyFile(file));
            assertTrue(e.getMessage().contains(loose) && e.getMessage().contains("chmod 600 " + file), e.getMessage());
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        UploadSigner.fromKeyFile(file);
    }

    @Test
    void corruptKeyFileIsRefusedClearly() throws IOException {
        Path file = dir.resolve("signing.key");
        String tooShort = Base64.getEncoder().encodeToString(new byte[31]);
        for (String corrupt : List.of("", "not base64 at all!", tooShort, "\u00ff\u00fe")) {
            Files.write(file, corrupt.getBytes(StandardCharsets.UTF_8));
            if (posix()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            IOException e = assertThrows(IOException.class, () -> UploadSigner.fromKeyFile(file));
            assertTrue(e.getMessage().contains("Signing key file " + file + " is corrupt"), e.getMessage());
        }
    }

    @Test
    void keyFileMayEndWithoutNewline() throws IOException {
        Path file = dir.resolve("signing.key");
        byte[] key = new byte[48];
        key[0] = 9;
        Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
        if (posix()) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        assertEquals(sample(new UploadSigner(key)), sample(UploadSigner.fromKeyFile(file)));
    }
}
