package dev.stowage.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.function.IntConsumer;

/**
 * Counts the requests running through it, so that the standalone server closes its backend only once every
 * request thread has left, even one that outlived the server's stop timeout.
 */
final class RequestsInFlight implements Filter {
    private int running;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        synchronized (this) {
            running++;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            synchronized (this) {
                running--;
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
        while (running > 0) {
            int before = running;
            try {
                wait(Math.max(1, interval.toMillis()));
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (running > 0 && running == before) {
                stillWaiting.accept(running);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
