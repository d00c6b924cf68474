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
            return BackendUnavailableException.because(GcsStorageProvider.NAME, name, e.getMessage(), e);
        }
        return StorageIOException.during(operation, name, new IOException("GCS answered " + code + ": "
                + e.getMessage(), e));
    }
}
