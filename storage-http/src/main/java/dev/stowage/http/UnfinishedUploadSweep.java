package dev.stowage.http;

import dev.stowage.api.StorageException;
import dev.stowage.api.UploadDir;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes unfinished uploads older than their TTL through {@link UploadDir#abortUnfinishedUploads}, at most
 * once per {@link #INTERVAL}, when the tus endpoint starts and whenever a new upload is created: the backend
 * knows when each upload began, so nothing has to be remembered here, and a server that takes no new uploads
 * adds nothing to sweep.
 */
final class UnfinishedUploadSweep {
    /** The least time between two sweeps. */
    static final Duration INTERVAL = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(UnfinishedUploadSweep.class);

    private final UploadDir dir;
    private final Duration ttl;
    private final Clock clock;
    private final AtomicReference<Instant> lastRun = new AtomicReference<>(Instant.MIN);

    UnfinishedUploadSweep(UploadDir dir, Duration ttl, Clock clock) {
        this.dir = dir;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Sweeps when the last sweep is {@link #INTERVAL} ago; a failure is logged, not thrown. */
    void runIfDue() {
        Instant now = clock.instant();
        Instant last = lastRun.get();
        if (last.plus(INTERVAL).isAfter(now) || !lastRun.compareAndSet(last, now)) {
            return;
        }
        try {
            int removed = dir.abortUnfinishedUploads(ttl);
            if (removed > 0) {
                LOG.info("Removed {} unfinished tus uploads older than {}", removed, ttl);
            }
        } catch (StorageException e) {
            LOG.warn("Could not remove unfinished tus uploads older than {}: {}", ttl, e.getMessage());
        }
    }
}
