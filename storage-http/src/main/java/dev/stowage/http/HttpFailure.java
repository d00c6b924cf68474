package dev.stowage.http;

import dev.stowage.api.AlreadyExistsException;
import dev.stowage.api.BackendUnavailableException;
import dev.stowage.api.IncompleteUploadException;
import dev.stowage.api.IntegrityMismatchException;
import dev.stowage.api.NameRejectedException;
import dev.stowage.api.NotFoundException;
import dev.stowage.api.PolicyViolationException;
import dev.stowage.api.StorageException;
import dev.stowage.api.UnsupportedCapabilityException;
import dev.stowage.api.UploadInUseException;

/**
 * A request the HTTP face refuses, on any of its endpoints (tus included): the status to answer, a short
 * machine-readable {@code error} code and a message for people that names what was wrong. Sent as
 * {@code {"error": ..., "message": ...}} by {@link JsonResponses#sendFailure}.
 */
final class HttpFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;

    HttpFailure(int status, String error, String message) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
    }

    /** The HTTP status code. */
    int status() {
        return status;
    }

    /** The machine-readable code, such as {@code too_large}. */
    String error() {
        return error;
    }

    static HttpFailure badRequest(String error, String message) {
        return new HttpFailure(400, error, message);
    }

    static HttpFailure tooLarge(String message) {
        return new HttpFailure(413, "too_large", message);
    }

    static HttpFailure notFound(String message) {
        return new HttpFailure(404, "not_found", message);
    }

    static HttpFailure conflict(String error, String message) {
        return new HttpFailure(409, error, message);
    }

    /** The answer to a storage failure: its kind decides the status, its message is passed on. */
    static HttpFailure of(StorageException e) {
        if (e instanceof PolicyViolationException policy) {
            return switch (policy.reason()) {
                case TOO_LARGE -> tooLarge(e.getMessage());
                case CONTENT_TYPE_NOT_ALLOWED -> new HttpFailure(415, "content_type_not_allowed", e.getMessage());
                case EXPIRED -> new HttpFailure(403, "expired", e.getMessage());
                case BAD_SIGNATURE -> new HttpFailure(403, "bad_signature", e.getMessage());
                case WRONG_METHOD -> new HttpFailure(403, "wrong_method", e.getMessage());
                case WRONG_NAME -> new HttpFailure(403, "wrong_name", e.getMessage());
            };
        }
        if (e instanceof NotFoundException) {
            return notFound(e.getMessage());
        }
        if (e instanceof NameRejectedException) {
            return badRequest("name_rejected", e.getMessage());
        }
        if (e instanceof AlreadyExistsException) {
            return new HttpFailure(409, "already_exists", e.getMessage());
        }
        if (e instanceof UploadInUseException) {
            return new HttpFailure(423, "upload_in_use", e.getMessage());
        }
        if (e instanceof IncompleteUploadException) {
            return conflict("upload_incomplete", e.getMessage());
        }
        if (e instanceof IntegrityMismatchException) {
            return badRequest("integrity_mismatch", e.getMessage());
        }
        if (e instanceof UnsupportedCapabilityException) {
            return new HttpFailure(501, "unsupported", e.getMessage());
        }
        if (e instanceof BackendUnavailableException) {
            return new HttpFailure(503, "backend_unavailable", e.getMessage());
        }
        return new HttpFailure(500, "storage_error", e.getMessage());
    }
}
