package dev.lakestation.jobs.runner;

import dev.lakestation.jobs.area.PreloadStrategy;
import dev.lakestation.jobs.audit.DatasetEvent;
import dev.lakestation.jobs.audit.DatasetEvents;
import dev.lakestation.jobs.audit.FileDatasetEvents;
import dev.lakestation.jobs.coordinator.JobRunner;
import dev.lakestation.jobs.coordinator.Outcome;
import dev.lakestation.jobs.coordinator.RunContext;
import dev.lakestation.schema.project.Project;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The coordinator's {@link JobRunner} on a remote Flink cluster: every load and transform runs there as an
 * application ({@link RestFlinkRunner}: {@code lakestation load|transform ... --run-id <run id>} in the
 * JobManager), stage and preload — file moves and checks on the shared project path, no Flink — run here through
 * {@code local}. The application id is derived from (run id, step, attempt): a coordinator restarted after
 * submitting follows the application it already started instead of starting it twice; a retry (next attempt) is a
 * new application. Past {@link RunContext#deadline()} the application is cancelled and the step is
 * {@link Outcome.TimedOut}. The Flink jobs the application runs are reported to
 * {@link RunContext#flinkJobSubmitted} as the cluster lists them (the status page links them to the Flink UI).
 *
 * <pre>{@code
 * RestFlinkRunner flink = RestFlinkRunner.connect(URI.create("http://jobmanager:8081"), ClusterJobRunner.defaultJobsJar());
 * JobRunner runner = new ClusterJobRunner(project, flink, localRunner, 2, Map.of(), System.out::println);
 * new Coordinator(pipelines, runner, stateStore, clock, events).runOnce("run-1");
 * }</pre>
 */
public final class ClusterJobRunner implements JobRunner {

    /** A step without a deadline still ends: at most this long on the cluster. */
    private static final Duration NO_DEADLINE = Duration.ofDays(1);

    private final Project project;
    private final RestFlinkRunner flink;
    private final JobRunner local;
    private final int parallelism;
    private final Map<String, String> options;
    private final Consumer<String> log;

    /**
     * @param local runs stage and preload (for example a {@link ProjectJobRunner})
     * @param log   one line per submitted / finished application, for people
     */
    public ClusterJobRunner(Project project, RestFlinkRunner flink, JobRunner local, int parallelism,
            Map<String, String> options, Consumer<String> log) {
        this.project = project;
        this.flink = flink;
        this.local = local;
        this.parallelism = parallelism;
        this.options = Map.copyOf(options);
        this.log = log;
    }

    /**
     * The jobs jar to upload: {@code $LAKESTATION_JOBS_JAR}, else {@code lakestation-jobs.jar} beside the jar (or
     * the {@code target/classes} folder) this class was loaded from.
     */
    public static Path defaultJobsJar() {
        String env = System.getenv("LAKESTATION_JOBS_JAR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        try {
            Path here = Path.of(ClusterJobRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return here.getParent().resolve("lakestation-jobs.jar");
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("lakestation-jobs.jar");
        }
    }

    @Override
    public Outcome runStage(RunContext ctx, String domain, List<String> tables) {
        return local.runStage(ctx, domain, tables);
    }

    @Override
    public Outcome runPreload(RunContext ctx, String domain, List<String> tables, PreloadStrategy strategy) {
        return local.runPreload(ctx, domain, tables, strategy);
    }

    @Override
    public Outcome runLoad(RunContext ctx, String domain, String table) {
        String station = ProjectJobRunner.stationOf(project, domain, table);
        if (station != null) {
            return Outcome.skipped("a station table (station '" + station + "'): not loaded by a run on a "
                    + "cluster yet (use `lakestation load --flink URL --memphis HOST:PORT --bounded`)");
        }
        return run(ctx, "load", domain + "." + table, List.of("load", "--domains", domain, "--tables", table));
    }

    @Override
    public Outcome runTransform(RunContext ctx, String task) {
        return run(ctx, "transform", task, List.of("transform", "--name", task));
    }

    private Outcome run(RunContext ctx, String step, String dataset, List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--root", project.root().toAbsolutePath().normalize().toString(),
                "--parallelism", String.valueOf(parallelism), "--run-id", ctx.runId()));
        if (ctx.slSchedule() != null) {
            args.addAll(List.of("--sl-schedule", ctx.slSchedule()));
        }
        if (!options.isEmpty()) {
            args.add("--options");
            args.add(String.join(",", options.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .toList()));
        }
        String key = key(ctx, step, dataset);
        try {
            ClusterApplication app = flink.submit(key, args, parallelism);
            log.accept(step + " " + dataset + ": " + (app.resubmitted() ? "already on the cluster, following"
                    : "submitted") + " application " + app.id());
            Duration timeout = ctx.deadline() == null ? NO_DEADLINE
                    : Duration.between(Instant.now(), ctx.deadline());
            ClusterApplication.Result r = app.await(timeout.isNegative() ? Duration.ZERO : timeout,
                    job -> ctx.flinkJobSubmitted(job.toHexString()));
            if (r.timedOut()) {
                return Outcome.timedOut(step + " " + dataset + ": " + r.message());
            }
            if (!r.succeeded()) {
                return Outcome.failed(r.message());
            }
            return Outcome.succeeded(eventsOf(project, ctx.runId()).stream()
                    .filter(e -> e.dataset().equals(dataset)).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed(step + " " + dataset + ": interrupted");
        } catch (Exception e) {
            return Outcome.failed(step + " " + dataset + " on " + flink.url() + ": " + e.getMessage());
        }
    }

    /** The application key of a step: one application per (run, step, dataset, attempt). */
    public static String key(RunContext ctx, String step, String dataset) {
        return ctx.runId() + "|" + step + "|" + dataset + "|" + ctx.attempt();
    }

    /** The dataset events published under {@code runId}, read back from the project's shared events file. */
    public static List<DatasetEvent> eventsOf(Project project, String runId) {
        FileDatasetEvents events = new FileDatasetEvents(Path.of(project.settings().datasets()));
        List<DatasetEvent> out = new ArrayList<>();
        if (!Files.exists(events.file())) {
            return out;
        }
        long position = 0;
        while (true) {
            List<DatasetEvents.Positioned> batch = events.readAfter(position, 1000);
            if (batch.isEmpty()) {
                return out;
            }
            for (DatasetEvents.Positioned p : batch) {
                if (runId.equals(p.event().runId())) {
                    out.add(p.event());
                }
                position = p.next();
            }
        }
    }
}
