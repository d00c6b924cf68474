package dev.stowage.bench;

/**
 * What a comparison must reach. {@code atLeast}: Stowage's speed over the baseline's (the baseline's cost over
 * Stowage's) must be at least {@code bound}; otherwise Stowage's cost over the baseline's must be at most it.
 */
record Goal(boolean atLeast, double bound) {

    static Goal speedAtLeast(double bound) {
        return new Goal(true, bound);
    }

    static Goal costAtMost(double bound) {
        return new Goal(false, bound);
    }

    /** The ratio this goal is judged on, from the two median costs' per-pair ratio {@code stowage / baseline}. */
    double ratio(double costRatio) {
        return atLeast ? 1 / costRatio : costRatio;
    }

    boolean met(double ratio) {
        return atLeast ? ratio >= bound : ratio <= bound;
    }

    @Override
    public String toString() {
        return (atLeast ? "≥ " : "≤ ") + bound + "×";
    }
}
