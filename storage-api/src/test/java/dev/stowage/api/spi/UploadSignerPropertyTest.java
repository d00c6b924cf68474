package dev.stowage.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stowage.api.PolicyViolationException;
import dev.stowage.api.PresignedUpload;
import dev.stowage.api.UploadMethod;
import dev.stowage.api.UploadPolicy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of {@link UploadSigner} over random policies and random mutations of the signed URL: whatever
 * changes, adds, drops or repeats a byte or a parameter is refused, unless it is only another spelling of the
 * same request (a percent-escape in the other case, or a parameter outside {@code X-Stowage-*}).
 */
class UploadSignerPropertyTest {
    private static final UploadSigner SIGNER = new UploadSigner(UploadSignerTest.KEY);
    private static final ServedUrls URLS = UploadSignerTest.URLS;
    private static final Instant NOW = UploadSignerTest.NOW;
    /** Characters a mutation writes: URL syntax, escapes, case changes and bytes browsers would encode. */
    private static final String MUTATION_CHARS = "&=%?#+;/ aAzZ09fF.-_~\u00e9\u0000";

    @Provide
    Arbitrary<UploadPolicy> policies() {
        Arbitrary<Long> maxSize = Arbitraries.longs().between(-1, 1L << 40);
        Arbitrary<String> contentType = Arbitraries.of("", "image/png", "text/plain; charset=\"utf 8\"",
                "application/x-a+b");
        Arbitrary<List<String>> allowed = Arbitraries.of("image/*", "text/plain", "application/pdf", "video/mp4")
                .list().uniqueElements().ofMaxSize(3);
        Arbitrary<String> sha256 = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64).injectNull(0.5);
        Arbitrary<UploadMethod> method = Arbitraries.of(UploadMethod.PUT, UploadMethod.POST);
        Arbitrary<Duration> expiry = Arbitraries.longs().between(1, UploadPolicy.MAX_EXPIRY.toSeconds())
                .map(Duration::ofSeconds);
        return Combinators.combine(maxSize, contentType, allowed, sha256, method, expiry)
                .as((size, type, types, sha, verb, ttl) -> UploadPolicy.builder().maxSize(size)
                        .contentType(type.isEmpty() ? null : type)
                        .allowedContentTypes(type.isEmpty() ? types.toArray(String[]::new) : new String[0])
                        .sha256(sha).method(verb).expiry(ttl).build());
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of("a.txt", "dir/sub/x y.png", "100%+#?;&=.bin", "\u65e5\u672c/\ud83d\ude00.gif", "A");
    }

    @Property(tries = 2000)
    void anyMutationOfASignedUrlIsRefusedOrMeansTheSame(@ForAll("policies") UploadPolicy policy,
            @ForAll("names") String name, @ForAll @IntRange(max = 6) int kind, @ForAll @IntRange(max = 10_000) int at,
            @ForAll @IntRange(max = 1_000) int pick) {
        PresignedUpload upload = SIGNER.signUpload("local", URLS, name, policy, NOW);
        String method = upload.method().name();
        URI url = upload.url();
        SignedUploadGrant original = verify(method, url.getRawPath(), url.getRawQuery()).orElseThrow();

        String query = url.getRawQuery();
        String path = url.getRawPath();
        String[] pairs = query.split("&");
        String pair = pairs[pick % pairs.length];
        char c = MUTATION_CHARS.charAt(pick % MUTATION_CHARS.length());
        switch (kind) {
            case 0 -> query = replaceAt(query, at % query.length(), c);
            case 1 -> query = query.substring(0, at % query.length()) + query.substring(at % query.length() + 1);
            case 2 -> query = query.substring(0, at % (query.length() + 1)) + c + query.substring(at % (query.length() + 1));
            case 3 -> query = query + "&" + pair;
            case 4 -> query = String.join("&", dropped(pairs, pick % pairs.length));
            case 5 -> query = query + "&X-Stowage-Max-Size=" + at;
            default -> path = replaceAt(path, URLS.basePath().length() + 1 + at % (path.length()
                    - URLS.basePath().length() - 1), c);
        }
        Optional<SignedUploadGrant> mutated = verify(method, path, query);
        if (mutated.isPresent()) {
            assertEquals(original, mutated.get(), "an accepted mutation must grant exactly the same");
            assertEquals(signedParameters(url.getRawQuery()), signedParameters(query),
                    "an accepted mutation must carry the same signed parameters: " + query);
        }
    }

    /** What the URL grants, or empty when it is refused as an HTTP layer would refuse it. */
    private static Optional<SignedUploadGrant> verify(String method, String rawPath, String rawQuery) {
        try {
            Optional<String> name = URLS.nameOf(rawPath);
            return name.map(n -> SIGNER.verifyUpload(method, n, UploadSigner.parseQuery(rawQuery), NOW));
        } catch (PolicyViolationException | IllegalArgumentException refused) {
            return Optional.empty();
        }
    }

    private static Map<String, List<String>> signedParameters(String rawQuery) {
        Map<String, List<String>> signed = new TreeMap<>();
        UploadSigner.parseQuery(rawQuery).forEach((key, values) -> {
            if (key.regionMatches(true, 0, "X-Stowage-", 0, 10)) {
                signed.put(key, values);
            }
        });
        return signed;
    }

    private static String replaceAt(String text, int index, char c) {
        return text.substring(0, index) + c + text.substring(index + 1);
    }

    private static List<String> dropped(String[] pairs, int index) {
        List<String> kept = new ArrayList<>(List.of(pairs));
        kept.remove(index);
        return kept;
    }
}
