package dev.stowage.s3;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Signs an S3 browser-upload POST policy with AWS Signature Version 4 (the SDK has no POST policy signer):
 * the policy document lists exact-match fields and extra conditions (such as {@code content-length-range}),
 * and the result is the ordered form fields a client sends before the file, ending with the policy and its
 * signature.
 */
final class PostPolicySigner {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter EXPIRATION = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'.000Z'")
            .withZone(ZoneOffset.UTC);

    private final String region;

    /** Signs for buckets in {@code region}. */
    PostPolicySigner(String region) {
        this.region = region;
    }

    /**
     * The form fields of a policy for {@code bucket}: {@code fields} must be sent with exactly these values,
     * {@code conditions} are further policy conditions as JSON arrays; valid from {@code now} to
     * {@code expiresAt}, signed with {@code credentials}.
     */
    Map<String, String> sign(String bucket, Map<String, String> fields, List<String> conditions,
            AwsCredentials credentials, Instant now, Instant expiresAt) {
        Map<String, String> form = new LinkedHashMap<>(fields);
        form.put("x-amz-algorithm", "AWS4-HMAC-SHA256");
        form.put("x-amz-credential", credentials.accessKeyId() + "/" + DAY.format(now) + "/" + region
                + "/s3/aws4_request");
        form.put("x-amz-date", STAMP.format(now));
        if (credentials instanceof AwsSessionCredentials session) {
            form.put("x-amz-security-token", session.sessionToken());
        }
        StringBuilder policy = new StringBuilder("{\"expiration\":\"").append(EXPIRATION.format(expiresAt))
                .append("\",\"conditions\":[{\"bucket\":").append(json(bucket)).append('}');
        form.forEach((field, value) -> policy.append(",{").append(json(field)).append(':').append(json(value))
                .append('}'));
        conditions.forEach(condition -> policy.append(',').append(condition));
        policy.append("]}");
        String encoded = Base64.getEncoder().encodeToString(policy.toString().getBytes(StandardCharsets.UTF_8));
        form.put("policy", encoded);
        form.put("x-amz-signature", HexFormat.of().formatHex(hmac(signingKey(credentials.secretAccessKey(), now),
                encoded)));
        return form;
    }

    /** {@code text} as a JSON string literal. */
    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private byte[] signingKey(String secret, Instant now) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), DAY.format(now));
        key = hmac(key, region);
        key = hmac(key, "s3");
        return hmac(key, "aws4_request");
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK has no HmacSHA256", e);
        }
    }
}
