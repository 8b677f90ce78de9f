package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.area.PreloadStrategy;
import dev.lakestation.jobs.audit.DatasetEvent;
import dev.lakestation.jobs.coordinator.JobRunner;
import dev.lakestation.jobs.coordinator.Outcome;
import dev.lakestation.jobs.coordinator.RunContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A {@link JobRunner} that times every job call of the runner it wraps, for the per-step table at the end of
 * {@code lakestation run}. A retried step appears once per attempt. Thread-safe (the coordinator calls it from one
 * thread, but the list may be read from another).
 *
 * <pre>{@code
 * StepTimes times = new StepTimes(runner);
 * new Coordinator(pipelines, times, store, clock, events).runOnce(key);
 * times.steps();   // [stage starbake 0.1 s SUCCEEDED, load starbake.orders 0.6 s SUCCEEDED 448 rows, ...]
 * }</pre>
 */
final class StepTimes implements JobRunner {

    /**
     * One job call.
     *
     * @param pipeline the pipeline id of the run
     * @param step     what was called ({@code stage starbake}, {@code load starbake.orders}, …)
     * @param status   SUCCEEDED, FAILED, SKIPPED, NOT_READY or TIMED_OUT
     * @param rows     rows written by a load or transform that succeeded, else null
     * @param rejected rows rejected by a load that succeeded, else null (a transform rejects nothing)
     * @param time     wall time of the call
     * @param cpu      CPU time of the whole process during the call (every thread: Flink's, the JIT's, GC), or null
     *                 when the JVM does not tell; wall time well above it means the process was waiting (or the
     *                 machine was busy)
     * @param message  the failure, skip or not-ready reason, else null
     */
    record StepTime(String pipeline, String step, String status, Long rows, Long rejected, Duration time,
                    Duration cpu, String message) {
    }

    /** CPU time of this process so far, or null when the JVM does not tell. */
    static Duration processCpu() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            long ns = os.getProcessCpuTime();
            return ns < 0 ? null : Duration.ofNanos(ns);
        }
        return null;
    }

    private final JobRunner runner;
    private final List<StepTime> steps = new ArrayList<>();

    StepTimes(JobRunner runner) {
        this.runner = runner;
    }

    /** Every call so far, in call order. */
    synchronized List<StepTime> steps() {
        return List.copyOf(steps);
    }

    @Override
    public Outcome runStage(RunContext ctx, String domain, List<String> tables) {
        return timed(ctx, "stage " + domain, () -> runner.runStage(ctx, domain, tables));
    }

    @Override
    public Outcome runPreload(RunContext ctx, String domain, List<String> tables, PreloadStrategy strategy) {
        return timed(ctx, "preload " + domain + " (" + strategy.name().toLowerCase(java.util.Locale.ROOT) + ")",
                () -> runner.runPreload(ctx, domain, tables, strategy));
    }

    @Override
    public Outcome runLoad(RunContext ctx, String domain, String table) {
        return timed(ctx, "load " + domain + "." + table, () -> runner.runLoad(ctx, domain, table));
    }

    @Override
    public Outcome runTransform(RunContext ctx, String task) {
        return timed(ctx, "transform " + task, () -> runner.runTransform(ctx, task));
    }

    private Outcome timed(RunContext ctx, String step, Supplier<Outcome> call) {
        boolean load = step.startsWith("load ");
        long start = System.nanoTime();
        Duration cpu0 = processCpu();
        Outcome o;
        try {
            o = call.get();
        } catch (RuntimeException e) {
            record(new StepTime(ctx.pipelineId(), step, "FAILED", null, null, since(start), cpu(cpu0),
                    e.getMessage()));
            throw e;   // the coordinator turns it into a failure with its retry rules
        }
        StepTime t;
        if (o instanceof Outcome.Succeeded s) {
            boolean wrote = !s.events().isEmpty();
            t = new StepTime(ctx.pipelineId(), step, "SUCCEEDED",
                    wrote ? s.events().stream().mapToLong(DatasetEvent::rowsWritten).sum() : null,
                    wrote && load ? s.events().stream().mapToLong(DatasetEvent::rowsRejected).sum() : null,
                    since(start), cpu(cpu0), null);
        } else if (o instanceof Outcome.Failed f) {
            t = new StepTime(ctx.pipelineId(), step, "FAILED", null, null, since(start), cpu(cpu0),
                    f.message());
        } else if (o instanceof Outcome.Skipped sk) {
            t = new StepTime(ctx.pipelineId(), step, "SKIPPED", null, null, since(start), cpu(cpu0), sk.reason());
        } else if (o instanceof Outcome.NotReady n) {
            t = new StepTime(ctx.pipelineId(), step, "NOT_READY", null, null, since(start), cpu(cpu0),
                    n.reason());
        } else {
            t = new StepTime(ctx.pipelineId(), step, "TIMED_OUT", null, null, since(start),
                    cpu(cpu0), ((Outcome.TimedOut) o).message());
        }
        record(t);
        return o;
    }

    private synchronized void record(StepTime t) {
        steps.add(t);
    }

    private static Duration cpu(Duration before) {
        Duration now = processCpu();
        return before == null || now == null ? null : now.minus(before);
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
