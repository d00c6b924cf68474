package dev.stowage.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.Capability;
import dev.stowage.api.PolicyViolationException;
import dev.stowage.api.PolicyViolationException.Reason;
import dev.stowage.api.PresignedUpload;
import dev.stowage.api.UnsupportedCapabilityException;
import dev.stowage.api.UploadMethod;
import dev.stowage.api.UploadPolicy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UploadSignerTest {
    static final byte[] KEY = filled(32, (byte) 7);
    static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
    static final ServedUrls URLS = ServedUrls.at(ServedUrls.DEFAULT_BASE_URL);
    static final String NAME = "dir/a b#?%+;&=:日本\uD83D\uDE00.png";
    static final String SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private final UploadSigner signer = new UploadSigner(KEY);

    static byte[] filled(int size, byte value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, value);
        return bytes;
    }

    /** The name and query an HTTP layer would see for {@code url}. */
    record Request(String name, Map<String, List<String>> query) {
        static Request of(URI url) {
            return new Request(URLS.nameOf(url.getRawPath()).orElseThrow(), UploadSigner.parseQuery(url.getRawQuery()));
        }

        Request with(String key, List<String> values) {
            Map<String, List<String>> changed = new LinkedHashMap<>(query);
            if (values == null) {
                changed.remove(key);
            } else {
                changed.put(key, values);
            }
            return new Request(name, changed);
        }
    }

    static Reason reasonOf(Runnable verification) {
        return assertThrows(PolicyViolationException.class, verification::run).reason();
    }

    /** {@code text} with its last character changed to a neighbour of the same kind (a hex digit stays one). */
    static String tweak(String text) {
        char c = text.charAt(text.length() - 1);
        char d = c == '9' ? '0' : c == 'f' ? 'e' : c == 'z' ? 'y' : c == 'Z' ? 'Y'
                : Character.isLetterOrDigit(c) ? (char) (c + 1) : 'x';
        return text.substring(0, text.length() - 1) + d;
    }

    // ---- upload round trips

    static Stream<Arguments> policies() {
        List<Arguments> all = new ArrayList<>();
        for (UploadMethod method : new UploadMethod[] {null, UploadMethod.PUT, UploadMethod.POST}) {
            for (long maxSize : new long[] {-1, 0, 10_000_000_000L}) {
                for (String contentType : new String[] {null, "image/png"}) {
                    for (Set<String> allowed : List.of(Set.<String>of(), Set.of("image/*"),
                            Set.of("image/png", "application/pdf"))) {
                        for (String sha : new String[] {null, SHA}) {
                            all.add(Arguments.of(new UploadPolicy(maxSize, allowed, contentType, sha,
                                    Duration.ofMinutes(5), method)));
                        }
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("policies")
    void signedUploadVerifiesWithEveryPolicyField(UploadPolicy policy) {
        PresignedUpload upload = signer.signUpload("local", URLS, NAME, policy, NOW);
        UploadMethod method = policy.method() == null ? UploadMethod.PUT : policy.method();
        assertEquals(method, upload.method());
        assertEquals(NOW.plus(policy.expiry()), upload.expiresAt());
        assertEquals(NAME, upload.storageId());
        assertEquals(policy.contentType() == null ? Map.of() : Map.of("Content-Type", policy.contentType()),
                upload.headers());
        assertEquals(Map.of(), upload.formFields());
        assertTrue(upload.url().toString().startsWith(URLS.of(NAME) + "?"), upload.url().toString());

        Request request = Request.of(upload.url());
        SignedUploadGrant grant = signer.verifyUpload(upload.httpMethod(), request.name(), request.query(),
                NOW.plusSeconds(60));
        assertEquals(new SignedUploadGrant(NAME, method, upload.expiresAt(), policy.maxSize(),
                policy.contentType(), policy.allowedContentTypes(), policy.sha256()), grant);
    }

    @Test
    void urlCarriesTheDocumentedParameters() {
        UploadPolicy policy = UploadPolicy.builder().method(UploadMethod.POST).maxSize(5).contentType("image/png")
                .allowedContentTypes("image/png", "image/*").sha256(SHA).build();
        URI url = signer.signUpload("local", URLS, "a b", policy, NOW).url();
        long expires = NOW.plus(UploadPolicy.DEFAULT_EXPIRY).getEpochSecond();
        String query = url.getRawQuery();
        assertTrue(query.startsWith("X-Stowage-Allowed-Types=image%2F%2A%2Cimage%2Fpng"
                + "&X-Stowage-Content-Type=image%2Fpng"
                + "&X-Stowage-Expires=" + expires + "&X-Stowage-Max-Size=5&X-Stowage-Method=POST&X-Stowage-Sha256="
                + SHA + "&X-Stowage-Signature="), query);
        assertTrue(query.matches(".*&X-Stowage-Signature=[0-9a-f]{64}"), query);
        assertEquals("/_upload/a%20b", url.getRawPath());
    }

    @Test
    void signatureIsTheHmacOfTheDocumentedCanonicalString() throws Exception {
        URI url = signer.signUpload("local", URLS, "a b/c", UploadPolicy.builder().maxSize(5).build(), NOW).url();
        long expires = NOW.plus(UploadPolicy.DEFAULT_EXPIRY).getEpochSecond();
        String canonical = "STOWAGE-HMAC-SHA256-V1\nupload\nPUT\na%20b%2Fc\nX-Stowage-Expires=" + expires
                + "\nX-Stowage-Max-Size=5\nX-Stowage-Method=PUT\n";
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
        String expected = java.util.HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(expected), UploadSigner.parseQuery(url.getRawQuery()).get("X-Stowage-Signature"));
    }

    @Test
    void expiryIsRoundedDownToTheSecond() {
        Instant now = NOW.plusMillis(700);
        PresignedUpload upload = signer.signUpload("local", URLS, "a", UploadPolicy.defaults(), now);
        assertEquals(NOW.plus(UploadPolicy.DEFAULT_EXPIRY), upload.expiresAt());
    }

    @Test
    void postFormIsNotSupported() {
        UploadPolicy form = UploadPolicy.builder().method(UploadMethod.POST_FORM).build();
        UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
                () -> signer.signUpload("memory", URLS, "a", form, NOW));
        assertEquals(Capability.PRESIGNED_POST_FORM, e.capability());
        assertTrue(e.getMessage().contains("memory"), e.getMessage());
    }

    @Test
    void commaInAnAllowedPatternIsRefused() {
        UploadPolicy policy = UploadPolicy.builder().allowedContentTypes("text/plain;a=\"x,y\"").build();
        assertThrows(IllegalArgumentException.class, () -> signer.signUpload("local", URLS, "a", policy, NOW));
    }

    // ---- upload tampering

    private Request fullySignedPost() {
        UploadPolicy policy = UploadPolicy.builder().method(UploadMethod.POST).maxSize(1000).contentType("image/png")
                .allowedContentTypes("image/*", "application/pdf").sha256(SHA).build();
        return Request.of(signer.signUpload("local", URLS, NAME, policy, NOW).url());
    }

    private Reason verifyPost(Request request) {
        return reasonOf(() -> signer.verifyUpload("POST", request.name(), request.query(), NOW));
    }

    static Stream<String> uploadParameters() {
        return Stream.of("X-Stowage-Method", "X-Stowage-Expires", "X-Stowage-Max-Size", "X-Stowage-Content-Type",
                "X-Stowage-Allowed-Types", "X-Stowage-Sha256", "X-Stowage-Signature");
    }

    @Test
    void untamperedRequestIsAccepted() {
        Request request = fullySignedPost();
        assertEquals(7, request.query().size());
        signer.verifyUpload("POST", request.name(), request.query(), NOW);
    }

    @ParameterizedTest
    @MethodSource("uploadParameters")
    void changingAnyValueByOneCharacterIsRefused(String key) {
        Request request = fullySignedPost();
        String value = request.query().get(key).get(0);
        assertEquals(Reason.BAD_SIGNATURE, verifyPost(request.with(key, List.of(tweak(value)))));
        assertEquals(Reason.BAD_SIGNATURE, verifyPost(request.with(key, List.of(value + "0"))));
        assertEquals(Reason.BAD_SIGNATURE, verifyPost(request.with(key, List.of(value.substring(1)))));
        String upper = value.toUpperCase(Locale.ROOT);
        String flipped = upper.equals(value) ? value.toLowerCase(Locale.ROOT) : upper;
        if (!flipped.equals(value)) {
            assertEquals(Reason.BAD_SIGNATURE, verifyPost(request.with(key, List.of(flipped))));
        }
    }

    @ParameterizedTest
    @MethodSource("uploadParameters")
    void droppingAnyParameterIsRefused(String key) {
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> {
            Request request = fullySignedPost().with(key, null);
            signer.verifyUpload("POST", request.name(), request.query(), NOW);
        });
        assertEquals(Reason.BAD_SIGNATURE, e.reason());
        if (Set.of("X-Stowage-Method", "X-Stowage-Expires", "X-Stowage-Signature").contains(key)) {
            assertTrue(e.getMessage().contains("parameter " + key + " is missing"), e.getMessage());
        } else {
            assertTrue(e.getMessage().endsWith("signature does not match"), e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("uploadParameters")
    void duplicatingAnyParameterIsRefused(String key) {
        Request request = fullySignedPost();
        String value = request.query().get(key).get(0);
        assertEquals(Reason.BAD_SIGNATURE, verifyPost(request.with(key, List.of(value, value))));
        assertEquals(Reason.BAD_SIGNATURE, verifyPost(request.with(key, List.of(value, tweak(value)))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Stowage-Extra", "X-Stowage-Filename", "x-stowage-max-size", "X-STOWAGE-METHOD",
            "x-stowage-signature"})
    void addingAnyStowageParameterIsRefused(String key) {
        assertEquals(Reason.BAD_SIGNATURE, verifyPost(fullySignedPost().with(key, List.of("1"))));
    }

    @Test
    void otherParametersAreIgnored() {
        Request request = fullySignedPost().with("utm_source", List.of("mail", "again"));
        signer.verifyUpload("POST", request.name(), request.query(), NOW);
    }

    @Test
    void changingTheNameIsRefused() {
        Request request = fullySignedPost();
        for (String other : List.of(tweak(NAME), NAME + "x", NAME.substring(1), "dir/a+b#?%+;&=:日本\uD83D\uDE00.png",
                NAME.toUpperCase(Locale.ROOT))) {
            assertNotEquals(NAME, other);
            assertEquals(Reason.BAD_SIGNATURE, verifyPost(new Request(other, request.query())));
        }
    }

    @Test
    void changingTheSignedMethodIsRefused() {
        Request request = fullySignedPost().with("X-Stowage-Method", List.of("PUT"));
        assertEquals(Reason.BAD_SIGNATURE, reasonOf(
                () -> signer.verifyUpload("PUT", request.name(), request.query(), NOW)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "GET", "post", "DELETE"})
    void usingAnotherHttpMethodIsRefused(String httpMethod) {
        Request request = fullySignedPost();
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> signer.verifyUpload(httpMethod, request.name(), request.query(), NOW));
        assertEquals(Reason.WRONG_METHOD, e.reason());
        assertTrue(e.getMessage().contains("is for POST, not " + httpMethod), e.getMessage());
    }

    @Test
    void rawQueryTamperingIsRefused() {
        URI url = signer.signUpload("local", URLS, "a",
                UploadPolicy.builder().allowedContentTypes("image/*").build(), NOW).url();
        String raw = url.getRawQuery();
        for (String tampered : List.of(raw.replace("image%2F%2A", "image/*x"), raw.replace("%2F", "%2f/"),
                raw.replace("&X-Stowage-Method=PUT", "&X-Stowage-Method=PUT&X-Stowage-Max-Size=1"),
                raw.replace("X-Stowage-Expires", "X-Stowage-Expires=1&X-Stowage-Expires"))) {
            assertNotEquals(raw, tampered);
            Map<String, List<String>> query = UploadSigner.parseQuery(tampered);
            assertEquals(Reason.BAD_SIGNATURE, reasonOf(() -> signer.verifyUpload("PUT", "a", query, NOW)), tampered);
        }
        // Both spellings of the same decoded value are the same URL.
        Map<String, List<String>> lower = UploadSigner.parseQuery(raw.replace("%2F%2A", "%2f%2a"));
        signer.verifyUpload("PUT", "a", lower, NOW);
    }

    @Test
    void plusIsNotASpace() {
        URI url = signer.signDownload(URLS, "a", Duration.ofMinutes(1), "my file.txt", NOW);
        String raw = url.getRawQuery();
        assertTrue(raw.contains("X-Stowage-Filename=my%20file.txt"), raw);
        Map<String, List<String>> plus = UploadSigner.parseQuery(raw.replace("%20", "+"));
        assertEquals(Reason.BAD_SIGNATURE, reasonOf(() -> signer.verifyDownload("a", plus, NOW)));
    }

    // ---- expiry and keys

    @Test
    void expiresExactlyAtItsExpiry() {
        PresignedUpload upload = signer.signUpload("local", URLS, "a", UploadPolicy.defaults(), NOW);
        Request request = Request.of(upload.url());
        Instant expiry = NOW.plus(UploadPolicy.DEFAULT_EXPIRY);
        signer.verifyUpload("PUT", "a", request.query(), expiry.minusNanos(1));
        for (Instant late : List.of(expiry, expiry.plusSeconds(1))) {
            PolicyViolationException e = assertThrows(PolicyViolationException.class,
                    () -> signer.verifyUpload("PUT", "a", request.query(), late));
            assertEquals(Reason.EXPIRED, e.reason());
            assertTrue(e.getMessage().contains(expiry.toString()), e.getMessage());
        }
    }

    @Test
    void signatureIsCheckedBeforeExpiryAndMethod() {
        Request request = fullySignedPost();
        Request tampered = request.with("X-Stowage-Max-Size", List.of("1001"));
        Instant late = NOW.plus(Duration.ofDays(1));
        assertEquals(Reason.BAD_SIGNATURE, reasonOf(
                () -> signer.verifyUpload("PUT", tampered.name(), tampered.query(), late)));
        assertEquals(Reason.EXPIRED, reasonOf(
                () -> signer.verifyUpload("PUT", request.name(), request.query(), late)));
    }

    @Test
    void anotherKeyIsRefused() {
        Request request = fullySignedPost();
        UploadSigner other = new UploadSigner(filled(32, (byte) 8));
        assertEquals(Reason.BAD_SIGNATURE, reasonOf(
                () -> other.verifyUpload("POST", request.name(), request.query(), NOW)));
        assertEquals(Reason.BAD_SIGNATURE, reasonOf(
                () -> UploadSigner.withRandomKey().verifyUpload("POST", request.name(), request.query(), NOW)));
    }

    @Test
    void keysShorterThan32BytesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new UploadSigner(new byte[31]));
        new UploadSigner(new byte[32]);
    }

    @Test
    void keyIsCopied() {
        byte[] key = filled(32, (byte) 1);
        UploadSigner copied = new UploadSigner(key);
        URI before = copied.signDownload(URLS, "a", Duration.ofMinutes(1), "a", NOW);
        key[0] = 2;
        assertEquals(before, copied.signDownload(URLS, "a", Duration.ofMinutes(1), "a", NOW));
    }

    @Test
    void secretsAreBase64OrLongText() {
        URI expected = signer.signDownload(URLS, "a", Duration.ofMinutes(1), "a", NOW);
        String base64 = java.util.Base64.getEncoder().encodeToString(KEY);
        assertEquals(expected,
                UploadSigner.fromSecret(base64).signDownload(URLS, "a", Duration.ofMinutes(1), "a", NOW));

        String text = "correct horse battery staple, ok?";
        assertEquals(new UploadSigner(text.getBytes(StandardCharsets.UTF_8))
                        .signDownload(URLS, "a", Duration.ofMinutes(1), "a", NOW),
                UploadSigner.fromSecret(text).signDownload(URLS, "a", Duration.ofMinutes(1), "a", NOW));

        String shortBase64 = java.util.Base64.getEncoder().encodeToString(new byte[16]);
        for (String weak : List.of("too short", shortBase64)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> UploadSigner.fromSecret(weak));
            assertFalse(e.getMessage().contains(weak), e.getMessage());
        }
    }

    @Test
    void randomKeysDiffer() {
        assertNotEquals(UploadSigner.withRandomKey().signDownload(URLS, "a", Duration.ofMinutes(1), "a", NOW),
                UploadSigner.withRandomKey().signDownload(URLS, "a", Duration.ofMinutes(1), "a", NOW));
    }

    // ---- downloads

    private static final String FILENAME = "Report 2024 r\u00e9sum\u00e9+#&=%.pdf";

    private Request signedDownload() {
        return Request.of(signer.signDownload(URLS, NAME, Duration.ofMinutes(10), FILENAME, NOW));
    }

    @Test
    void signedDownloadVerifies() {
        URI url = signer.signDownload(URLS, NAME, Duration.ofMinutes(10), FILENAME, NOW);
        assertTrue(url.toString().startsWith(URLS.of(NAME) + "?X-Stowage-Expires="), url.toString());
        assertTrue(url.getRawQuery()
                        .contains("&X-Stowage-Filename=Report%202024%20r%C3%A9sum%C3%A9%2B%23%26%3D%25.pdf&"),
                url.getRawQuery());
        Request request = Request.of(url);
        assertEquals(new SignedDownloadGrant(NAME, FILENAME, NOW.plus(Duration.ofMinutes(10))),
                signer.verifyDownload(request.name(), request.query(), NOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Stowage-Expires", "X-Stowage-Filename", "X-Stowage-Signature"})
    void tamperedDownloadIsRefused(String key) {
        Request request = signedDownload();
        String value = request.query().get(key).get(0);
        for (Request tampered : List.of(request.with(key, List.of(tweak(value))), request.with(key, null),
                request.with(key, List.of(value, value)), request.with("X-Stowage-Method", List.of("GET")),
                new Request(tweak(NAME), request.query()))) {
            assertEquals(Reason.BAD_SIGNATURE, reasonOf(
                    () -> signer.verifyDownload(tampered.name(), tampered.query(), NOW)));
        }
    }

    @Test
    void downloadExpires() {
        Request request = signedDownload();
        Instant expiry = NOW.plus(Duration.ofMinutes(10));
        signer.verifyDownload(request.name(), request.query(), expiry.minusMillis(1));
        assertEquals(Reason.EXPIRED, reasonOf(() -> signer.verifyDownload(request.name(), request.query(), expiry)));
    }

    @Test
    void uploadAndDownloadUrlsCannotStandInForEachOther() {
        Request download = signedDownload().with("X-Stowage-Method", List.of("GET"));
        assertEquals(Reason.BAD_SIGNATURE, reasonOf(
                () -> signer.verifyUpload("GET", download.name(), download.query(), NOW)));
        Request upload = fullySignedPost().with("X-Stowage-Filename", List.of("x"));
        assertEquals(Reason.BAD_SIGNATURE, reasonOf(() -> signer.verifyDownload(upload.name(), upload.query(), NOW)));
    }

    @Test
    void downloadTtlAndFilenameAreChecked() {
        for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofDays(7).plusSeconds(1))) {
            assertThrows(IllegalArgumentException.class, () -> signer.signDownload(URLS, "a", bad, "a", NOW));
        }
        signer.signDownload(URLS, "a", Duration.ofDays(7), "a", NOW);
        assertThrows(IllegalArgumentException.class,
                () -> signer.signDownload(URLS, "a", Duration.ofMinutes(1), "", NOW));
    }

    // ---- query parsing

    @Test
    void parseQueryDecodesStrictlyAndKeepsRepeats() {
        assertEquals(Map.of(), UploadSigner.parseQuery(null));
        assertEquals(Map.of(), UploadSigner.parseQuery(""));
        Map<String, List<String>> query = UploadSigner.parseQuery("a=1&a=2&b&&c=%20+%2B&d%3D=x=y&e=");
        assertEquals(List.of("a", "b", "c", "d=", "e"), new ArrayList<>(query.keySet()));
        assertEquals(List.of("1", "2"), query.get("a"));
        assertEquals(List.of(""), query.get("b"));
        assertEquals(List.of(" ++"), query.get("c"));
        assertEquals(List.of("x=y"), query.get("d="));
        assertEquals(List.of(""), query.get("e"));
        assertThrows(UnsupportedOperationException.class, () -> query.get("a").add("3"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%", "a=%4", "a=%zz", "%C3=1", "a=%FF"})
    void parseQueryRefusesBadEncoding(String raw) {
        assertThrows(IllegalArgumentException.class, () -> UploadSigner.parseQuery(raw));
    }

    @Test
    void grantHasNoLimitsTheUrlDidNotSign() {
        Request request = Request.of(signer.signUpload("local", URLS, "a", UploadPolicy.defaults(), NOW).url());
        SignedUploadGrant grant = signer.verifyUpload("PUT", "a", request.query(), NOW);
        assertEquals(-1, grant.maxSize());
        assertNull(grant.contentType());
        assertEquals(Set.of(), grant.allowedContentTypes());
        assertNull(grant.sha256());
    }
}
