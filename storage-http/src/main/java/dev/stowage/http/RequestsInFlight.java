package dev.stowage.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Counts the requests running through it (and those {@link SmallFileDownloads} answers), so that the standalone
 * server closes its backend only once every request has ended, even one that outlived the server's stop timeout.
 */
final class RequestsInFlight implements Filter {
    /**
     * Counted without a lock, so that concurrent requests do not queue on one monitor; only the last request
     * to leave takes it, to wake {@link #awaitNone}.
     */
    private final AtomicInteger running = new AtomicInteger();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        begin();
        try {
            chain.doFilter(request, response);
        } finally {
            end();
        }
    }

    /** Counts a request that starts running; {@link #end()} must follow. */
    void begin() {
        running.incrementAndGet();
    }

    /** Counts a request out that {@link #begin()} counted in. */
    void end() {
        if (running.decrementAndGet() == 0) {
            // A waiter checks the count and waits while holding the monitor, so it cannot miss this.
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /**
     * Waits until no request is running, calling {@code stillWaiting} with how many are left after every
     * {@code interval} without the last one leaving.
     */
    synchronized void awaitNone(Duration interval, IntConsumer stillWaiting) {
        boolean interrupted = false;
        while (running.get() > 0) {
            int before = running.get();
            try {
                wait(Math.max(1, interval.toMillis()));
            } catch (InterruptedException e) {
                interrupted = true;
            }
            int now = running.get();
            if (now > 0 && now == before) {
                stillWaiting.accept(now);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
