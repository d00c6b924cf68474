package dev.stowage.bench;

import java.util.Locale;

/** One line of the results: the medians of both sides, the median per-round ratio and the goal it meets or not. */
record ResultRow(String comparison, String baseline, String unit, String stowageFigure, String baselineFigure,
        double ratio, Goal goal, int rounds) {

    boolean passed() {
        return goal.met(ratio);
    }

    String verdict() {
        return passed() ? "PASS" : "BELOW";
    }

    String ratioText() {
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }
}
