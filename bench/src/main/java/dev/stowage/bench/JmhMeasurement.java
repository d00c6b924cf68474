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
 * One JMH benchmark method run as a measurement: one timed single shot in a fresh fork, without a warm-up shot
 * (one shot of a whole file or of thousands of saves outlasts the JIT's warm-up); its cost is the shot's seconds.
 */
record JmhMeasurement(Class<?> benchmark, String method, Map<String, String> params, List<String> jvmArgs)
        implements DoubleSupplier {

    @Override
    public double getAsDouble() {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(benchmark.getName() + "." + method) + "$")
                .timeUnit(TimeUnit.SECONDS).warmupIterations(0).measurementIterations(1).forks(1)
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
