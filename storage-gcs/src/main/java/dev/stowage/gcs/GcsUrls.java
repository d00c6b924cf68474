package dev.stowage.gcs;

import com.google.auth.ServiceAccountSigner;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.HttpMethod;
import com.google.cloud.storage.PostPolicyV4;
import com.google.cloud.storage.Storage;
import dev.stowage.api.Capability;
import dev.stowage.api.ConfigurationException;
import dev.stowage.api.ContentDisposition;
import dev.stowage.api.MediaTypes;
import dev.stowage.api.PresignedUpload;
import dev.stowage.api.StorageNames;
import dev.stowage.api.UnsupportedCapabilityException;
import dev.stowage.api.UploadDir;
import dev.stowage.api.UploadMethod;
import dev.stowage.api.UploadPolicy;
import dev.stowage.api.UploadUrl;
import dev.stowage.api.spi.ServedUrls;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GCS's own URLs: a public URL when the bucket is served publicly, else V4-signed GETs; V4-signed PUTs
 * (content type, size range and create-only signed as headers) and V4 POST policies (size range, content
 * type and exact key as conditions) for uploads; signed downloads that name the file (RFC 6266) and its type.
 * Signing needs credentials that can sign: a service-account key or a service account identity.
 */
final class GcsUrls implements UploadUrl {
    private static final Pattern SIGNED_AT = Pattern.compile("[?&]X-Goog-Date=(\\d{8}T\\d{6}Z)");
    private static final Pattern SIGNED_FOR = Pattern.compile("[?&]X-Goog-Expires=(\\d+)");
    private static final DateTimeFormatter BASIC_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Storage storage;
    private final UploadDir dir;
    private final BucketLocation location;
    private final String host;
    /** The options every signed URL shares: V4, path style, and the emulator's host when there is one. */
    private final Storage.SignUrlOption[] urlForm;
    private final ServiceAccountSigner signer;
    private final ServedUrls publicUrls;
    private final Duration showExpiry;

    /**
     * @param host        the endpoint URLs point at (an emulator's), or {@code null} for GCS
     * @param signer      signs URLs, or {@code null} when the credentials cannot sign
     * @param publicUrls  where the bucket is served publicly, or {@code null} when {@link #of} signs GETs
     * @param showExpiry  how long the signed GETs of {@link #of} are valid
     */
    GcsUrls(Storage storage, UploadDir dir, BucketLocation location, String host, ServiceAccountSigner signer,
            ServedUrls publicUrls, Duration showExpiry) {
        this.storage = storage;
        this.dir = dir;
        this.location = location;
        this.host = host;
        List<Storage.SignUrlOption> form = new ArrayList<>(List.of(Storage.SignUrlOption.withV4Signature(),
                Storage.SignUrlOption.withPathStyle()));
        if (host != null) {
            form.add(Storage.SignUrlOption.withHostName(host));
        }
        this.urlForm = form.toArray(Storage.SignUrlOption[]::new);
        this.signer = signer;
        this.publicUrls = publicUrls;
        this.showExpiry = showExpiry;
    }

    @Override
    public URI of(String name) {
        String normalized = StorageNames.normalize(name);
        if (publicUrls != null) {
            return publicUrls.of(location.key(normalized));
        }
        return sign(normalized, HttpMethod.GET, showExpiry, Map.of(), Map.of());
    }

    @Override
    public PresignedUpload presignUpload(String name, UploadPolicy policy) {
        String normalized = StorageNames.normalize(name);
        if (policy.sha256() != null) {
            throw new IllegalArgumentException("GCS cannot check a SHA-256 during a presigned upload of '"
                    + normalized + "': leave UploadPolicy.sha256 unset and compare UploadDir.stat(name).sha256()"
                    + " after the upload");
        }
        UploadMethod method = policy.method() != null ? policy.method()
                : exactContentType(policy) != null || policy.allowedContentTypes().isEmpty()
                ? UploadMethod.PUT : UploadMethod.POST_FORM;
        return switch (method) {
            case PUT -> presignPut(normalized, policy);
            case POST_FORM -> presignForm(normalized, policy);
            case POST -> throw UnsupportedCapabilityException.of(GcsStorageProvider.NAME, Capability.PRESIGNED_POST);
        };
    }

    @Override
    public URI presignDownload(String name, Duration ttl, String filename) {
        String normalized = StorageNames.normalize(name);
        requireExpiry(ttl);
        ContentDisposition disposition = ContentDisposition.attachment(filename);
        String contentType = MediaTypes.guess(disposition.filename()); // by the download's name: signing is local
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response-content-disposition", disposition.headerValue());
        if (!contentType.equals(MediaTypes.OCTET_STREAM)) {
            query.put("response-content-type", contentType);
        }
        return sign(normalized, HttpMethod.GET, ttl, Map.of(), query);
    }

    private PresignedUpload presignPut(String name, UploadPolicy policy) {
        String contentType = exactContentType(policy);
        if (contentType == null && !policy.allowedContentTypes().isEmpty()) {
            throw new IllegalArgumentException("A presigned PUT to GCS can require one exact content type, not "
                    + policy.allowedContentTypes() + ", for '" + name + "': set UploadPolicy.contentType or use "
                    + UploadMethod.POST_FORM);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        if (policy.maxSize() >= 0) {
            headers.put("x-goog-content-length-range", "0," + policy.maxSize());
        }
        headers.put("x-goog-if-generation-match", "0");
        URI url = sign(name, HttpMethod.PUT, policy.expiry(), headers, Map.of());
        return new PresignedUpload(UploadMethod.PUT, url, headers, Map.of(), expiresAt(url), name);
    }

    private PresignedUpload presignForm(String name, UploadPolicy policy) {
        if (policy.maxSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("A GCS form policy limits sizes to " + Integer.MAX_VALUE
                    + " bytes at most, not " + policy.maxSize() + ", for '" + name + "': use " + UploadMethod.PUT);
        }
        PostPolicyV4.PostFieldsV4.Builder fields = PostPolicyV4.PostFieldsV4.newBuilder();
        PostPolicyV4.PostConditionsV4.Builder conditions = PostPolicyV4.PostConditionsV4.newBuilder();
        String contentType = exactContentType(policy);
        if (contentType != null) {
            fields.setContentType(contentType);
        } else if (policy.allowedContentTypes().size() == 1) {
            String pattern = policy.allowedContentTypes().iterator().next();
            conditions.addContentTypeCondition(PostPolicyV4.ConditionV4Type.STARTS_WITH,
                    pattern.substring(0, pattern.length() - 1));
        } else if (!policy.allowedContentTypes().isEmpty()) {
            throw new IllegalArgumentException("A GCS form policy can require one content type or one type/*"
                    + " family, not " + policy.allowedContentTypes() + ", for '" + name + "'");
        }
        if (policy.maxSize() >= 0) {
            conditions.addContentLengthRangeCondition(0, (int) policy.maxSize());
        }
        PostPolicyV4 signed;
        try {
            signed = storage.generateSignedPostPolicyV4(BlobInfo.newBuilder(location.bucket(), location.key(name))
                            .build(), policy.expiry().toSeconds(), TimeUnit.SECONDS, fields.build(), conditions.build(),
                    Storage.PostPolicyV4Option.signWith(requireSigner()), Storage.PostPolicyV4Option.withPathStyle());
        } catch (ServiceAccountSigner.SigningException e) {
            throw cannotSign(e);
        }
        Map<String, String> formFields = new LinkedHashMap<>(signed.getFields());
        URI url = host == null ? URI.create(signed.getUrl())
                : URI.create(host + "/" + location.bucket());
        Instant expiresAt = Instant.from(BASIC_TIME.parse(formFields.get("x-goog-date")))
                .plus(policy.expiry());
        return new PresignedUpload(UploadMethod.POST_FORM, url, Map.of(), formFields, expiresAt, name);
    }

    /** The one content type the policy requires, or {@code null}. */
    private static String exactContentType(UploadPolicy policy) {
        if (policy.contentType() != null) {
            return policy.contentType();
        }
        if (policy.allowedContentTypes().size() == 1) {
            String only = policy.allowedContentTypes().iterator().next();
            return only.endsWith("/*") ? null : only;
        }
        return null;
    }

    private URI sign(String name, HttpMethod method, Duration ttl, Map<String, String> headers,
            Map<String, String> query) {
        requireExpiry(ttl);
        Storage.SignUrlOption[] options = Arrays.copyOf(urlForm, urlForm.length + 4);
        options[urlForm.length] = Storage.SignUrlOption.httpMethod(method);
        options[urlForm.length + 1] = Storage.SignUrlOption.signWith(requireSigner());
        options[urlForm.length + 2] = Storage.SignUrlOption.withExtHeaders(headers);
        options[urlForm.length + 3] = Storage.SignUrlOption.withQueryParams(query);
        try {
            URL url = storage.signUrl(BlobInfo.newBuilder(location.bucket(), location.key(name)).build(),
                    ttl.toSeconds(), TimeUnit.SECONDS, options);
            return url.toURI();
        } catch (ServiceAccountSigner.SigningException e) {
            throw cannotSign(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("GCS signed a malformed URL for '" + name + "'", e);
        }
    }

    private static void requireExpiry(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(UploadPolicy.MAX_EXPIRY) > 0) {
            throw new IllegalArgumentException("A GCS signed URL is valid for more than zero and at most 7 days, not "
                    + ttl);
        }
    }

    private static Instant expiresAt(URI url) {
        Matcher at = SIGNED_AT.matcher(url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        Matcher validFor = SIGNED_FOR.matcher(url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        if (!at.find() || !validFor.find()) {
            throw new IllegalStateException("GCS signed a URL without X-Goog-Date and X-Goog-Expires: " + url);
        }
        return Instant.from(BASIC_TIME.parse(at.group(1))).plusSeconds(Long.parseLong(validFor.group(1)));
    }

    private ServiceAccountSigner requireSigner() {
        if (signer == null) {
            throw ConfigurationException.missing(GcsStorageProvider.CREDENTIALS_FILE, "the GCS credentials in use"
                    + " cannot sign URLs; set it to a service-account JSON key file, or run under a service account"
                    + " (Application Default Credentials on Google Cloud) that may sign (iam.serviceAccounts.signBlob)");
        }
        return signer;
    }

    private static ConfigurationException cannotSign(ServiceAccountSigner.SigningException e) {
        return ConfigurationException.invalid(GcsStorageProvider.CREDENTIALS_FILE, null, "the GCS credentials"
                + " could not sign a URL (" + e.getMessage() + "); give the service account the permission"
                + " iam.serviceAccounts.signBlob, or set " + GcsStorageProvider.CREDENTIALS_FILE
                + " to a service-account JSON key file");
    }
}
