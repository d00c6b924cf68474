package dev.stowage.http;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.UnaryOperator;

/**
 * The RFC 9110 section 13 preconditions of a request against a representation with a strong entity tag and a
 * modification time (either may be unknown): {@code If-Match}, {@code If-Unmodified-Since},
 * {@code If-None-Match}, {@code If-Modified-Since} in the order section 13.2.2 gives, and {@code If-Range}.
 * Unparseable dates are ignored, as the RFC says.
 */
final class ConditionalRequest {
    private final String method;
    private final UnaryOperator<String> headers;
    private final String etag;
    private final Instant lastModified;

    /**
     * @param method       the request's method
     * @param headers      the value of a request header by name, or {@code null} when it is absent
     * @param etag         the quoted strong entity tag, or {@code null}
     * @param lastModified the modification time truncated to seconds, or {@code null}
     */
    ConditionalRequest(String method, UnaryOperator<String> headers, String etag, Instant lastModified) {
        this.method = method;
        this.headers = headers;
        this.etag = etag;
        this.lastModified = lastModified;
    }

    /** The status that ends the request early, 304 or 412, or 0 when it goes on. */
    int preconditionStatus() {
        boolean readOnly = method.equals("GET") || method.equals("HEAD");
        String ifMatch = headers.apply("If-Match");
        if (ifMatch != null) {
            if (!matches(ifMatch, true)) {
                return 412;
            }
        } else {
            Instant unmodifiedSince = date(headers.apply("If-Unmodified-Since"));
            if (unmodifiedSince != null && lastModified != null && lastModified.isAfter(unmodifiedSince)) {
                return 412;
            }
        }
        String ifNoneMatch = headers.apply("If-None-Match");
        if (ifNoneMatch != null) {
            if (matches(ifNoneMatch, false)) {
                return readOnly ? 304 : 412;
            }
        } else if (readOnly) {
            Instant modifiedSince = date(headers.apply("If-Modified-Since"));
            if (modifiedSince != null && lastModified != null && !lastModified.isAfter(modifiedSince)) {
                return 304;
            }
        }
        return 0;
    }

    /** Whether a {@code Range} header may be honoured: there is no {@code If-Range}, or it still holds. */
    boolean rangeAllowed() {
        String ifRange = headers.apply("If-Range");
        if (ifRange == null) {
            return true;
        }
        String value = ifRange.trim();
        if (value.startsWith("\"")) {
            return etag != null && etag.equals(value);
        }
        Instant date = date(value);
        return date != null && date.equals(lastModified);
    }

    /** Whether a list of entity tags (or {@code *}) matches; weak tags never match strongly. */
    private boolean matches(String header, boolean strong) {
        if (header.trim().equals("*")) {
            return true;
        }
        if (etag == null) {
            return false;
        }
        for (String candidate : header.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                if (strong) {
                    continue;
                }
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static Instant date(String header) {
        if (header == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
