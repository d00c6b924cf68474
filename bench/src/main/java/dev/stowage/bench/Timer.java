package dev.stowage.bench;

/** Seconds an action takes, by the monotonic clock. */
final class Timer {
    private Timer() {
    }

    static double seconds(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1e9;
    }
}
