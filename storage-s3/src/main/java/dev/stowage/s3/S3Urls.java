package dev.stowage.s3;

import dev.stowage.api.Capability;
import dev.stowage.api.ContentDisposition;
import dev.stowage.api.MediaTypes;
import dev.stowage.api.PresignedUpload;
import dev.stowage.api.StorageNames;
import dev.stowage.api.UnsupportedCapabilityException;
import dev.stowage.api.UploadMethod;
import dev.stowage.api.UploadPolicy;
import dev.stowage.api.UploadUrl;
import dev.stowage.api.spi.PercentEncoding;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * URLs for an S3 bucket, as a browser reaches it (the public endpoint, path-style when configured). A stored
 * file's URL is its plain object URL (or one under a configured public base URL, such as a CDN) when the bucket
 * is public, else a presigned GET. Uploads are presigned PUTs that sign the content type and SHA-256 the policy
 * fixes, or browser POST forms whose signed policy enforces the exact key, the size range, the content type and
 * the metadata; without a method asked for, a policy with a size limit or allowed types gets the form, since
 * only it enforces them. Downloads are presigned GETs that set {@code Content-Disposition} and
 * {@code Content-Type} on the response.
 */
final class S3Urls implements UploadUrl {
    private final String bucket;
    private final S3Keys keys;
    private final S3Presigner presigner;
    private final AwsCredentialsProvider credentials;
    private final PostPolicySigner postSigner;
    private final URI bucketUrl;
    private final String publicBaseUrl;
    private final Duration showExpiry;
    private final Clock clock;

    /**
     * @param bucketUrl     the bucket's URL as a browser reaches it, ending in {@code /}
     * @param publicBaseUrl the base of plain public URLs (without trailing slash), or null when files are
     *                      shown through presigned GETs
     * @param showExpiry    how long a presigned GET from {@link #of} lasts
     */
    S3Urls(String bucket, S3Keys keys, S3Presigner presigner, AwsCredentialsProvider credentials, String region,
            URI bucketUrl, String publicBaseUrl, Duration showExpiry, Clock clock) {
        this.bucket = bucket;
        this.keys = keys;
        this.presigner = presigner;
        this.credentials = credentials;
        this.postSigner = new PostPolicySigner(region);
        this.bucketUrl = bucketUrl;
        this.publicBaseUrl = publicBaseUrl;
        this.showExpiry = showExpiry;
        this.clock = clock;
    }

    @Override
    public URI of(String name) {
        String key = keys.key(StorageNames.normalize(name));
        if (publicBaseUrl != null) {
            return URI.create(publicBaseUrl + "/" + encodedPath(key));
        }
        return URI.create(presigner.presignGetObject(p -> p.signatureDuration(showExpiry)
                .getObjectRequest(g -> g.bucket(bucket).key(key))).url().toString());
    }

    @Override
    public PresignedUpload presignUpload(String name, UploadPolicy policy) {
        String normalized = StorageNames.normalize(name);
        UploadMethod method = policy.method() != null ? policy.method()
                : policy.maxSize() >= 0 || !policy.allowedContentTypes().isEmpty() ? UploadMethod.POST_FORM
                : UploadMethod.PUT;
        return switch (method) {
            case PUT -> presignPut(normalized, policy);
            case POST_FORM -> presignForm(normalized, policy);
            case POST -> throw UnsupportedCapabilityException.of(S3StorageProvider.NAME, Capability.PRESIGNED_POST);
        };
    }

    private PresignedUpload presignPut(String name, UploadPolicy policy) {
        PresignedPutObjectRequest signed = presigner.presignPutObject(p -> p.signatureDuration(policy.expiry())
                .putObjectRequest(b -> {
                    b.bucket(bucket).key(keys.key(name)).contentType(policy.contentType());
                    if (policy.sha256() != null) {
                        b.checksumSHA256(base64(policy.sha256())).metadata(Map.of(ObjectMetadata.SHA256,
                                policy.sha256()));
                    }
                }));
        Map<String, String> headers = signed.signedHeaders().entrySet().stream()
                .filter(header -> !header.getKey().equalsIgnoreCase("host"))
                .collect(Collectors.toMap(Map.Entry::getKey, header -> String.join(",", header.getValue())));
        return new PresignedUpload(UploadMethod.PUT, URI.create(signed.url().toString()), headers, Map.of(),
                signed.expiration(), name);
    }

    private PresignedUpload presignForm(String name, UploadPolicy policy) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(policy.expiry());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", keys.key(name));
        List<String> conditions = new ArrayList<>();
        if (policy.contentType() != null) {
            fields.put("Content-Type", policy.contentType());
        } else if (!policy.allowedContentTypes().isEmpty()) {
            conditions.add(contentTypeCondition(policy));
        }
        if (policy.sha256() != null) {
            fields.put("x-amz-meta-" + ObjectMetadata.SHA256, policy.sha256());
            fields.put("x-amz-checksum-sha256", base64(policy.sha256()));
        }
        conditions.add("[\"content-length-range\",0," + (policy.maxSize() >= 0 ? policy.maxSize()
                : 5L * 1024 * 1024 * 1024) + "]");
        Map<String, String> form = postSigner.sign(bucket, fields, conditions, credentials.resolveCredentials(),
                now, expiresAt);
        return new PresignedUpload(UploadMethod.POST_FORM, bucketUrl, Map.of(), form, expiresAt, name);
    }

    /** One allowed type or {@code type/*} pattern as a policy condition; a POST policy cannot say "one of". */
    private static String contentTypeCondition(UploadPolicy policy) {
        if (policy.allowedContentTypes().size() > 1) {
            throw new IllegalArgumentException("An S3 POST policy enforces one content type or one type/* pattern,"
                    + " not " + policy.allowedContentTypes() + "; set the exact contentType of the upload");
        }
        String pattern = policy.allowedContentTypes().iterator().next();
        return pattern.endsWith("/*")
                ? "[\"starts-with\",\"$Content-Type\"," + PostPolicySigner.json(pattern.substring(0,
                        pattern.length() - 1)) + "]"
                : "{\"Content-Type\":" + PostPolicySigner.json(pattern) + "}";
    }

    /** @throws IllegalArgumentException when {@code ttl} is not more than zero and at most seven days */
    @Override
    public URI presignDownload(String name, Duration ttl, String filename) {
        String key = keys.key(StorageNames.normalize(name));
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(UploadPolicy.MAX_EXPIRY) > 0) {
            throw new IllegalArgumentException("ttl must be more than zero and at most 7 days: " + ttl);
        }
        ContentDisposition disposition = ContentDisposition.attachment(filename);
        String type = MediaTypes.guess(disposition.filename());
        return URI.create(presigner.presignGetObject(p -> p.signatureDuration(ttl).getObjectRequest(g -> {
            g.bucket(bucket).key(key).responseContentDisposition(disposition.headerValue());
            if (!type.equals(MediaTypes.OCTET_STREAM)) {
                g.responseContentType(type);
            }
        })).url().toString());
    }

    /** {@code key} as a URL path: each segment percent-encoded. */
    static String encodedPath(String key) {
        return java.util.Arrays.stream(key.split("/", -1)).map(PercentEncoding::encode)
                .collect(Collectors.joining("/"));
    }

    private static String base64(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }
}
