package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.area.PreloadStrategy;
import dev.lakestation.jobs.audit.DatasetEvent;
import dev.lakestation.jobs.coordinator.JobRunner;
import dev.lakestation.jobs.coordinator.Outcome;
import dev.lakestation.jobs.coordinator.RunContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link JobRunner} that times every job call of the runner it wraps, for the per-step table at the end of
 * {@code lakestation run}, and keeps the Flink jobs each call reports ({@link RunContext#flinkJobSubmitted}, passed
 * on to the coordinator as before), telling {@code log} of each one as it is reported. A retried step appears
 * once per attempt. Thread-safe (the coordinator calls it from one
 * thread, but the list may be read from another).
 *
 * <pre>{@code
 * StepTimes times = new StepTimes(runner, out::println); // "load starbake.orders: Flink job 5f0c…" 
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
     * @param flinkJobs the Flink jobs the call reported, in report order (hex ids), never null
     */
    record StepTime(String pipeline, String step, String status, Long rows, Long rejected, Duration time,
                    Duration cpu, String message, List<String> flinkJobs) {
        StepTime {
            flinkJobs = List.copyOf(flinkJobs);
        }
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
    private final Consumer<String> log;
    private final List<StepTime> steps = new ArrayList<>();

    /** @param log told {@code <step>: Flink job <id>} once per job a call reports */
    StepTimes(JobRunner runner, Consumer<String> log) {
        this.runner = runner;
        this.log = log;
    }

    /** Every call so far, in call order. */
    synchronized List<StepTime> steps() {
        return List.copyOf(steps);
    }

    @Override
    public Outcome runStage(RunContext ctx, String domain, List<String> tables) {
        return timed(ctx, "stage " + domain, c -> runner.runStage(c, domain, tables));
    }

    @Override
    public Outcome runPreload(RunContext ctx, String domain, List<String> tables, PreloadStrategy strategy) {
        return timed(ctx, "preload " + domain + " (" + strategy.name().toLowerCase(java.util.Locale.ROOT) + ")",
                c -> runner.runPreload(c, domain, tables, strategy));
    }

    @Override
    public Outcome runLoad(RunContext ctx, String domain, String table) {
        return timed(ctx, "load " + domain + "." + table, c -> runner.runLoad(c, domain, table));
    }

    @Override
    public Outcome runTransform(RunContext ctx, String task) {
        return timed(ctx, "transform " + task, c -> runner.runTransform(c, task));
    }

    private Outcome timed(RunContext ctx, String step, Function<RunContext, Outcome> call) {
        boolean load = step.startsWith("load ");
        List<String> jobs = new ArrayList<>();
        RunContext reporting = new RunContext(ctx.runId(), ctx.pipelineId(), ctx.attempt(), ctx.slSchedule(),
                ctx.deadline(), id -> {
                    ctx.flinkJobSubmitted(id);
                    synchronized (jobs) {           // any thread may report; a cluster may list a job again
                        if (jobs.contains(id)) {
                            return;
                        }
                        jobs.add(id);
                    }
                    log.accept(step + ": Flink job " + id);
                });
        long start = System.nanoTime();
        Duration cpu0 = processCpu();
        Outcome o;
        try {
            o = call.apply(reporting);
        } catch (RuntimeException e) {
            record(new StepTime(ctx.pipelineId(), step, "FAILED", null, null, since(start), cpu(cpu0),
                    e.getMessage(), jobs(jobs)));
            throw e;   // the coordinator turns it into a failure with its retry rules
        }
        StepTime t;
        if (o instanceof Outcome.Succeeded s) {
            boolean wrote = !s.events().isEmpty();
            t = new StepTime(ctx.pipelineId(), step, "SUCCEEDED",
                    wrote ? s.events().stream().mapToLong(DatasetEvent::rowsWritten).sum() : null,
                    wrote && load ? s.events().stream().mapToLong(DatasetEvent::rowsRejected).sum() : null,
                    since(start), cpu(cpu0), null, jobs(jobs));
        } else if (o instanceof Outcome.Failed f) {
            t = new StepTime(ctx.pipelineId(), step, "FAILED", null, null, since(start), cpu(cpu0),
                    f.message(), jobs(jobs));
        } else if (o instanceof Outcome.Skipped sk) {
            t = new StepTime(ctx.pipelineId(), step, "SKIPPED", null, null, since(start), cpu(cpu0), sk.reason(),
                    jobs(jobs));
        } else if (o instanceof Outcome.NotReady n) {
            t = new StepTime(ctx.pipelineId(), step, "NOT_READY", null, null, since(start), cpu(cpu0),
                    n.reason(), jobs(jobs));
        } else {
            t = new StepTime(ctx.pipelineId(), step, "TIMED_OUT", null, null, since(start),
                    cpu(cpu0), ((Outcome.TimedOut) o).message(), jobs(jobs));
        }
        record(t);
        return o;
    }

    private static List<String> jobs(List<String> jobs) {
        synchronized (jobs) {
            return List.copyOf(jobs);
        }
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
