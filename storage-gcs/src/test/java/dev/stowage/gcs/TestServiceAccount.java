package dev.stowage.gcs;

import com.google.auth.oauth2.ServiceAccountCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;

/**
 * A service account made up for the tests: an RSA key pair generated once per JVM (no key is kept in the
 * repository), as credentials that sign, as a JSON key file, and its public key for the verifier.
 */
final class TestServiceAccount {
    static final String EMAIL = "stowage-test@stowage-test.iam.gserviceaccount.com";
    private static final KeyPair KEYS = generate();

    private TestServiceAccount() {
    }

    /** Credentials holding the private key: they sign without any network call. */
    static ServiceAccountCredentials credentials() {
        return ServiceAccountCredentials.newBuilder().setClientEmail(EMAIL).setClientId("1")
                .setPrivateKey(KEYS.getPrivate()).setPrivateKeyId("stowage-test-key").setProjectId("stowage-test")
                .build();
    }

    /** The public key that checks its signatures. */
    static PublicKey publicKey() {
        return KEYS.getPublic();
    }

    /** Writes the account as a service-account JSON key file in {@code dir}. */
    static Path keyFile(Path dir) {
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(KEYS.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        String json = "{\"type\": \"service_account\", \"project_id\": \"stowage-test\", \"private_key_id\":"
                + " \"stowage-test-key\", \"private_key\": \"" + pem.replace("\n", "\\n") + "\", \"client_email\": \"" + EMAIL + "\","
                + " \"client_id\": \"1\", \"token_uri\": \"https://oauth2.googleapis.com/token\"}";
        try {
            return Files.writeString(dir.resolve("service-account.json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
