package dev.stowage.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * One Stowage figure against its baselines, measured in interleaved rounds (Stowage, then each baseline) so
 * that the machine's drift hits both alike; the result is the median of the per-round ratios. Each measurement
 * is a cost (seconds, bytes): lower is better. With several baselines the limit of a round is the slowest.
 */
final class Comparison {
    private final String name;
    private final String baselineName;
    private final Figure figure;
    private final Goal goal;
    private final DoubleSupplier stowage;
    private final List<DoubleSupplier> baselines;

    Comparison(String name, String baselineName, Figure figure, Goal goal, DoubleSupplier stowage,
            List<DoubleSupplier> baselines) {
        this.name = name;
        this.baselineName = baselineName;
        this.figure = figure;
        this.goal = goal;
        this.stowage = stowage;
        this.baselines = baselines;
    }

    Comparison(String name, String baselineName, Figure figure, Goal goal, DoubleSupplier stowage,
            DoubleSupplier baseline) {
        this(name, baselineName, figure, goal, stowage, List.of(baseline));
    }

    /** Runs {@code warmups} untimed rounds, then {@code rounds} interleaved ones; returns the results row. */
    ResultRow run(int rounds, int warmups) {
        for (int round = 0; round < warmups; round++) {
            stowage.getAsDouble();
            baselines.forEach(DoubleSupplier::getAsDouble);
        }
        double[] stowageCosts = new double[rounds];
        double[] baselineCosts = new double[rounds];
        double[] ratios = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            double own = stowage.getAsDouble();
            double limit = 0;
            for (DoubleSupplier baseline : baselines) {
                limit = Math.max(limit, baseline.getAsDouble());
            }
            stowageCosts[round] = own;
            baselineCosts[round] = limit;
            ratios[round] = goal.ratio(own / limit);
            System.out.printf("  %s, round %d: Stowage %s %s, %s %s %s, ratio %.3f%n", name, round + 1,
                    figure.show(own), figure.unit(), baselineName, figure.show(limit), figure.unit(), ratios[round]);
        }
        double ratio = median(ratios);
        return new ResultRow(name, baselineName, figure.unit(), figure.show(median(stowageCosts)),
                figure.show(median(baselineCosts)), ratio, goal, rounds);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

}
