package dev.lakestation.benchmarks;

import dev.lakestation.testsupport.NatsServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Base of every table benchmark: starts its own nats-server (store in a temp dir), runs one warm-up
 * run and then {@code --runs} measured runs of {@link #runOnce}, and prints a markdown table.
 *
 * <p><b>Extension point.</b> A new benchmark is a subclass annotated with
 * {@code @Command(name = "my-bench", description = "...")} that implements {@link #runOnce} (and
 * optionally {@link #describe()} and {@link #baseline()}), registered in {@link Bench#BENCHMARKS}.
 * See benchmarks/README.md.
 */
public abstract class ThroughputBenchmark implements Callable<Integer> {
    @Mixin
    protected BenchOptions options = new BenchOptions();

    /**
     * One run over {@code messages} messages; measure only the part that counts and return it.
     * Each call must leave no state that changes the next run (use fresh stations/consumers per run).
     *
     * @param run 0 for the warm-up, 1.. for measured runs; handy for unique station names
     */
    protected abstract RunResult runOnce(BenchContext ctx, int messages, int run) throws Exception;

    /** The settings that matter for this benchmark, shown in the table. */
    protected String describe() {
        return options.partitions + " partition(s), " + options.threads + " thread(s)";
    }

    /** The name of the benchmark this one is compared against in a suite (e.g. a raw jnats baseline), or null. */
    protected String baseline() {
        return null;
    }

    /** The name given in {@code @Command}. */
    public final String name() {
        Command c = getClass().getAnnotation(Command.class);
        return c != null ? c.name() : getClass().getSimpleName();
    }

    public void options(BenchOptions options) {
        this.options = options;
    }

    @Override
    public Integer call() throws Exception {
        ResultRow row = execute();
        ResultTable.print(List.of(row));
        return 0;
    }

    /** Starts a server, warms up, measures and returns the summary row. */
    public ResultRow execute() throws Exception {
        options.check();
        String before = Machine.loadAverage();
        List<RunResult> runs = new ArrayList<>();
        try (NatsServer server = NatsServer.builder().token(BenchContext.TOKEN).build().start()) {
            BenchContext ctx = new BenchContext(server, options);
            if (options.warmupMessages > 0) {
                System.err.printf("[%s] warm-up: %,d messages%n", name(), options.warmupMessages);
                runOnce(ctx, options.warmupMessages, 0);
            }
            for (int r = 1; r <= options.runs; r++) {
                RunResult result = runOnce(ctx, options.messages, r);
                System.err.printf("[%s] run %d: %,.0f msgs/s, %.1f MB/s%n",
                        name(), r, result.msgsPerSecond(), result.megabytesPerSecond());
                runs.add(result);
            }
        }
        return new ResultRow(name(), describe(), baseline(), options.messages, options.size, runs,
                before + " → " + Machine.loadAverage());
    }
}
