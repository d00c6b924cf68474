package dev.stowage.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * One JMH benchmark method run as a measurement: one timed single shot in a fresh fork, after {@code warmupShots}
 * untimed ones; its cost is the timed shot's seconds. Thousands of saves in one shot outlast the JIT's warm-up;
 * a single 1 GiB save does not (measured: a cold first shot took 1.5x a warm one), so it gets a warm-up shot.
 */
record JmhMeasurement(Class<?> benchmark, String method, Map<String, String> params, List<String> jvmArgs,
        int warmupShots) implements DoubleSupplier {

    /** A measurement without a warm-up shot. */
    JmhMeasurement(Class<?> benchmark, String method, Map<String, String> params, List<String> jvmArgs) {
        this(benchmark, method, params, jvmArgs, 0);
    }

    @Override
    public double getAsDouble() {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(benchmark.getName() + "." + method) + "$")
                .timeUnit(TimeUnit.SECONDS).warmupIterations(warmupShots).measurementIterations(1).forks(1)
                .jvmArgsAppend(jvmArgs.toArray(String[]::new)).shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        params.forEach(options::param);
        try {
            RunResult result = new Runner(options.build()).runSingle();
            return result.getPrimaryResult().getScore();
        } catch (RunnerException e) {
            throw new IllegalStateException(benchmark.getSimpleName() + "." + method + " failed", e);
        }
    }
}
