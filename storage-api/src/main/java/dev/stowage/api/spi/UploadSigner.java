package dev.stowage.api.spi;

import dev.stowage.api.Capability;
import dev.stowage.api.PolicyViolationException;
import dev.stowage.api.PresignedUpload;
import dev.stowage.api.UnsupportedCapabilityException;
import dev.stowage.api.UploadMethod;
import dev.stowage.api.UploadPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the upload and download URLs that Stowage's own HTTP module serves, and verifies them when they come
 * back, with HMAC-SHA256 under one secret key. Thread-safe.
 *
 * <p>A signed URL is {@code {base}/{name}?X-Stowage-...=...&X-Stowage-Signature=<hex>}. Query values are
 * strictly RFC 3986 percent-encoded as UTF-8 (a space is {@code %20}, a plus is {@code %2B}), and
 * {@link #parseQuery} decodes them the same way, so a {@code +} in a query is a plus, never a space.
 *
 * <p>The signature is the lowercase hex HMAC-SHA256 of this canonical string, each line ending in
 * {@code \n} and every variable part percent-encoded as above, so no value can forge a line break:
 * <pre>
 * STOWAGE-HMAC-SHA256-V1
 * {purpose: upload or download}
 * {method: PUT, POST, or GET for downloads}
 * {name}
 * {key}={value}   one line for every X-Stowage-* parameter but the signature, sorted by key
 * </pre>
 * A URL is valid while the current time is before its expiry: at the second of
 * {@code X-Stowage-Expires} it is refused.
 */
public final class UploadSigner {
    /** The fewest key bytes accepted: the output size of SHA-256. */
    public static final int MIN_KEY_BYTES = 32;

    private static final String VERSION = "STOWAGE-HMAC-SHA256-V1";
    private static final String PREFIX = "X-Stowage-";
    private static final String METHOD = PREFIX + "Method";
    private static final String EXPIRES = PREFIX + "Expires";
    private static final String MAX_SIZE = PREFIX + "Max-Size";
    private static final String CONTENT_TYPE = PREFIX + "Content-Type";
    private static final String ALLOWED_TYPES = PREFIX + "Allowed-Types";
    private static final String SHA256 = PREFIX + "Sha256";
    private static final String FILENAME = PREFIX + "Filename";
    private static final String SIGNATURE = PREFIX + "Signature";
    private static final String ALGORITHM = "HmacSHA256";
    /** Permissions a new key file is created with. */
    private static final Set<PosixFilePermission> KEY_FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-------");
    /** Permissions an existing key file may have: none for group or others. */
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a URL was signed for; each purpose requires its own parameters besides the signature. */
    private enum Purpose {
        UPLOAD("upload", METHOD, EXPIRES), DOWNLOAD("download", EXPIRES, FILENAME);

        private final String label;
        private final List<String> required;

        Purpose(String label, String... required) {
            this.label = label;
            this.required = List.of(required);
        }
    }

    private final SecretKeySpec key;

    /**
     * A signer using {@code key}, which is copied.
     *
     * @throws IllegalArgumentException when the key has fewer than {@value #MIN_KEY_BYTES} bytes
     */
    public UploadSigner(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("A signing key needs at least " + MIN_KEY_BYTES + " bytes, got "
                    + key.length);
        }
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** A signer with a fresh random key: its URLs stop verifying when the process ends. */
    public static UploadSigner withRandomKey() {
        return new UploadSigner(randomKey());
    }

    /**
     * A signer using a configured secret: when {@code secret} is standard base64 of at least
     * {@value #MIN_KEY_BYTES} bytes, those bytes are the key; otherwise a secret of at least
     * {@value #MIN_KEY_BYTES} characters is used as its UTF-8 bytes.
     *
     * @throws IllegalArgumentException when the secret is neither; the message does not echo it
     */
    public static UploadSigner fromSecret(String secret) {
        try {
            byte[] decoded = Base64.getDecoder().decode(secret);
            if (decoded.length >= MIN_KEY_BYTES) {
                return new UploadSigner(decoded);
            }
        } catch (IllegalArgumentException notBase64) {
            // Not base64: the secret is used as text below.
        }
        if (secret.length() < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("A signing secret must be the base64 of at least " + MIN_KEY_BYTES
                    + " bytes or a text of at least " + MIN_KEY_BYTES + " characters; this one has "
                    + secret.length() + " characters");
        }
        return new UploadSigner(secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A signer using the key kept, base64-encoded, in {@code file}, so that URLs stay valid across restarts.
     * When the file does not exist, a random {@value #MIN_KEY_BYTES}-byte key is written to it atomically
     * (readable by its owner only, on file systems with POSIX permissions); if another process creates the
     * file at the same moment, its key is used instead.
     *
     * @throws IOException when the file cannot be read or written, is readable or writable by group or
     *                     others, or does not hold a key; the message says how to fix it
     */
    public static UploadSigner fromKeyFile(Path file) throws IOException {
        if (Files.notExists(file)) {
            byte[] key = randomKey();
            if (createKeyFile(file, key)) {
                return new UploadSigner(key);
            }
        }
        return new UploadSigner(readKeyFile(file));
    }

    /**
     * A URL that accepts one upload of {@code name} to the HTTP module, carrying {@code policy} in its signed
     * parameters. The method is the policy's, PUT when it has none. {@link PresignedUpload#expiresAt()} is
     * {@code now} plus the policy's expiry, rounded down to the second.
     *
     * @param backend names the backend in the error when the policy asks for {@link UploadMethod#POST_FORM}
     * @throws UnsupportedCapabilityException for {@link UploadMethod#POST_FORM}
     * @throws IllegalArgumentException       when an allowed content type pattern holds a comma
     */
    public PresignedUpload signUpload(String backend, ServedUrls urls, String name, UploadPolicy policy,
                                      Instant now) {
        UploadMethod method = policy.method() == null ? UploadMethod.PUT : policy.method();
        if (method == UploadMethod.POST_FORM) {
            throw UnsupportedCapabilityException.of(backend, Capability.PRESIGNED_POST_FORM);
        }
        Instant expiresAt = expiresAt(now, policy.expiry());
        SortedMap<String, String> params = new TreeMap<>();
        params.put(METHOD, method.name());
        params.put(EXPIRES, Long.toString(expiresAt.getEpochSecond()));
        if (policy.maxSize() >= 0) {
            params.put(MAX_SIZE, Long.toString(policy.maxSize()));
        }
        if (policy.contentType() != null) {
            params.put(CONTENT_TYPE, policy.contentType());
        }
        if (!policy.allowedContentTypes().isEmpty()) {
            if (policy.allowedContentTypes().stream().anyMatch(type -> type.contains(","))) {
                throw new IllegalArgumentException("Allowed content type patterns must not contain ',': "
                        + policy.allowedContentTypes());
            }
            params.put(ALLOWED_TYPES, String.join(",", new TreeSet<>(policy.allowedContentTypes())));
        }
        if (policy.sha256() != null) {
            params.put(SHA256, policy.sha256());
        }
        Map<String, String> headers = policy.contentType() == null
                ? Map.of() : Map.of("Content-Type", policy.contentType());
        return new PresignedUpload(method, signedUrl(urls, Purpose.UPLOAD, method.name(), name, params), headers,
                Map.of(), expiresAt, name);
    }

    /**
     * Checks an upload request against its signed URL: {@code name} as decoded from the path (see
     * {@link ServedUrls#nameOf}), {@code query} as from {@link #parseQuery}. The signature is checked before
     * anything it covers is believed; parameters not starting with {@code X-Stowage-} are ignored.
     *
     * @return what the URL grants; the caller enforces its size, type and digest on the body
     * @throws PolicyViolationException {@code BAD_SIGNATURE} when a parameter is missing or repeated or the
     *                                  signature does not match the name and parameters; then {@code EXPIRED};
     *                                  then {@code WRONG_METHOD} when {@code httpMethod} is not the signed one
     */
    public SignedUploadGrant verifyUpload(String httpMethod, String name, Map<String, List<String>> query,
                                          Instant now) {
        SortedMap<String, String> params = verified(Purpose.UPLOAD, name, query, now);
        String method = params.get(METHOD);
        if (!method.equals(httpMethod)) {
            throw PolicyViolationException.wrongMethod(name, method, httpMethod);
        }
        String maxSize = params.get(MAX_SIZE);
        String allowed = params.get(ALLOWED_TYPES);
        return new SignedUploadGrant(name, UploadMethod.valueOf(method), expiresAt(params),
                maxSize == null ? -1 : Long.parseLong(maxSize), params.get(CONTENT_TYPE),
                allowed == null ? Set.of() : Set.of(allowed.split(",")), params.get(SHA256));
    }

    /**
     * A GET URL for {@code name} that the HTTP module serves as an attachment called {@code filename} until
     * {@code now} plus {@code ttl}, rounded down to the second.
     *
     * @throws IllegalArgumentException when {@code ttl} is not more than zero and at most
     *                                  {@link UploadPolicy#MAX_EXPIRY}, or {@code filename} is empty
     */
    public URI signDownload(ServedUrls urls, String name, Duration ttl, String filename, Instant now) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(UploadPolicy.MAX_EXPIRY) > 0) {
            throw new IllegalArgumentException("A download URL's ttl must be more than zero and at most "
                    + UploadPolicy.MAX_EXPIRY + ": " + ttl);
        }
        if (filename.isEmpty()) {
            throw new IllegalArgumentException("A download URL needs a filename");
        }
        SortedMap<String, String> params = new TreeMap<>();
        params.put(EXPIRES, Long.toString(expiresAt(now, ttl).getEpochSecond()));
        params.put(FILENAME, filename);
        return signedUrl(urls, Purpose.DOWNLOAD, "GET", name, params);
    }

    /**
     * Checks a download request against its signed URL, as {@link #verifyUpload} does for uploads.
     *
     * @throws PolicyViolationException {@code BAD_SIGNATURE}, then {@code EXPIRED}
     */
    public SignedDownloadGrant verifyDownload(String name, Map<String, List<String>> query, Instant now) {
        SortedMap<String, String> params = verified(Purpose.DOWNLOAD, name, query, now);
        return new SignedDownloadGrant(name, params.get(FILENAME), expiresAt(params));
    }

    /**
     * The parameters of a raw (still percent-encoded) query string, each key and value percent-decoded
     * exactly once as RFC 3986 says: {@code +} stays a plus. Keys keep their first order; a key without
     * {@code =} has the value {@code ""}; empty pairs are skipped. A {@code null} query has no parameters.
     *
     * @throws IllegalArgumentException when a {@code %} is not followed by two hex digits or the bytes are
     *                                  not UTF-8
     */
    public static Map<String, List<String>> parseQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = PercentEncoding.decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : PercentEncoding.decode(pair.substring(eq + 1));
            params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        params.replaceAll((k, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(params);
    }

    private URI signedUrl(ServedUrls urls, Purpose purpose, String method, String name,
                          SortedMap<String, String> params) {
        StringBuilder url = new StringBuilder(urls.of(name).toString()).append('?');
        params.forEach((k, v) -> url.append(k).append('=').append(PercentEncoding.encode(v)).append('&'));
        url.append(SIGNATURE).append('=').append(signature(purpose, method, name, params));
        return URI.create(url.toString());
    }

    /**
     * The signed {@code X-Stowage-*} parameters of {@code query} but the signature, once the signature
     * matches them and has not expired.
     */
    private SortedMap<String, String> verified(Purpose purpose, String name, Map<String, List<String>> query,
                                               Instant now) {
        SortedMap<String, String> params = new TreeMap<>();
        String given = null;
        for (Map.Entry<String, List<String>> param : query.entrySet()) {
            String key = param.getKey();
            if (!key.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                continue;
            }
            if (param.getValue().size() != 1) {
                throw PolicyViolationException.badSignature(name, "parameter " + key + " must appear once, not "
                        + param.getValue().size() + " times");
            }
            if (key.equals(SIGNATURE)) {
                given = param.getValue().get(0);
            } else {
                params.put(key, param.getValue().get(0));
            }
        }
        if (given == null) {
            throw missing(name, SIGNATURE);
        }
        for (String required : purpose.required) {
            if (!params.containsKey(required)) {
                throw missing(name, required);
            }
        }
        String method = purpose == Purpose.UPLOAD ? params.get(METHOD) : "GET";
        byte[] expected = signature(purpose, method, name, params).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            throw PolicyViolationException.badSignature(name, "signature does not match");
        }
        Instant expiresAt = expiresAt(params);
        if (!now.isBefore(expiresAt)) {
            throw PolicyViolationException.expired(name, expiresAt);
        }
        return params;
    }

    /** The lowercase hex HMAC-SHA256 of the canonical string described on this class. */
    private String signature(Purpose purpose, String method, String name, SortedMap<String, String> params) {
        StringBuilder canonical = new StringBuilder(VERSION).append('\n')
                .append(purpose.label).append('\n')
                .append(PercentEncoding.encode(method)).append('\n')
                .append(PercentEncoding.encode(name)).append('\n');
        params.forEach((k, v) -> canonical.append(PercentEncoding.encode(k)).append('=')
                .append(PercentEncoding.encode(v)).append('\n'));
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        }
    }

    private static PolicyViolationException missing(String name, String parameter) {
        return PolicyViolationException.badSignature(name, "parameter " + parameter + " is missing");
    }

    private static Instant expiresAt(Instant now, Duration validity) {
        return Instant.ofEpochSecond(now.plus(validity).getEpochSecond());
    }

    private static Instant expiresAt(Map<String, String> signedParams) {
        return Instant.ofEpochSecond(Long.parseLong(signedParams.get(EXPIRES)));
    }

    private static byte[] randomKey() {
        byte[] key = new byte[MIN_KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    /** Writes a new key file; false when another process created the file first. */
    private static boolean createKeyFile(Path file, byte[] key) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        FileAttribute<?>[] ownerOnly = isPosix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(KEY_FILE_PERMISSIONS)}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", ownerOnly);
        try {
            Files.write(tmp, (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII));
            try {
                // Unlike a move, a link never replaces a key file another process wrote meanwhile.
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException raced) {
                return false;
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
            return true;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] readKeyFile(Path file) throws IOException {
        if (isPosix(file)) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(permissions)) {
                throw new IOException("Signing key file " + file + " is open to group or others ("
                        + PosixFilePermissions.toString(permissions) + "); run: chmod 600 " + file);
            }
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).strip();
        try {
            byte[] key = Base64.getDecoder().decode(text);
            if (key.length >= MIN_KEY_BYTES) {
                return key;
            }
        } catch (IllegalArgumentException notBase64) {
            // Reported below.
        }
        throw new IOException("Signing key file " + file + " is corrupt: it must hold the base64 of at least "
                + MIN_KEY_BYTES + " bytes. Restore it, or delete it to have a new key made (URLs signed with the "
                + "old key then stop working)");
    }

    private static boolean isPosix(Path path) throws IOException {
        return Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class);
    }
}
