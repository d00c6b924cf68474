package dev.stowage.gcs;

import com.google.cloud.storage.StorageException;
import dev.stowage.api.AlreadyExistsException;
import dev.stowage.api.BackendUnavailableException;
import dev.stowage.api.NotFoundException;
import dev.stowage.api.StorageIOException;
import java.io.IOException;

/** Turns the client library's errors into Stowage's, naming the file and what was being done. */
final class GcsErrors {
    private GcsErrors() {
    }

    /** What {@code e} says, or its cause when it says nothing. */
    static String describe(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                return cause == e ? cause.getMessage() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            }
        }
        return e.getClass().getSimpleName() + (e instanceof StorageException se ? " (code " + se.getCode() + ")" : "");
    }

    /** The Stowage error for {@code e}, raised while trying to {@code operation} {@code name}. */
    static RuntimeException translate(String operation, String name, StorageException e) {
        int code = e.getCode();
        if (code == 404) {
            return NotFoundException.forName(name);
        }
        if (code == 412) {
            return AlreadyExistsException.atName(name);
        }
        if (code == 0 || code == 408 || code == 429 || code >= 500) {
            return BackendUnavailableException.because(GcsStorageProvider.NAME, name, "could not " + operation
                    + ": " + describe(e), e);
        }
        return StorageIOException.during(operation, name, new IOException("GCS answered " + code + ": "
                + e.getMessage(), e));
    }
}
