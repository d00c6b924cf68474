package dev.stowage.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Requests per second of {@code wrk} (2 threads, 64 connections) against one URL, as a cost: seconds per request. */
final class Wrk {
    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

    private Wrk() {
    }

    static double secondsPerRequest(String url, int seconds) {
        try {
            Process wrk = new ProcessBuilder(List.of("wrk", "-t2", "-c64", "-d" + seconds + "s", url))
                    .redirectErrorStream(true).start();
            String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher matcher = REQUESTS_PER_SECOND.matcher(output);
            if (wrk.waitFor() != 0 || !matcher.find() || output.contains("Non-2xx")) {
                throw new IllegalStateException("wrk against " + url + " failed:\n" + output);
            }
            return 1 / Double.parseDouble(matcher.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
