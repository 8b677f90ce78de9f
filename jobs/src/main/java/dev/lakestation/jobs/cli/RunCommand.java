package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.audit.FileDatasetEvents;
import dev.lakestation.jobs.coordinator.Coordinator;
import dev.lakestation.jobs.coordinator.DagOptions;
import dev.lakestation.jobs.coordinator.InMemoryStateStore;
import dev.lakestation.jobs.coordinator.ProjectPipelines;
import dev.lakestation.jobs.coordinator.RunOnceResult;
import dev.lakestation.jobs.load.LoadService;
import dev.lakestation.jobs.coordinator.JobRunner;
import dev.lakestation.jobs.runner.ClusterJobRunner;
import dev.lakestation.jobs.runner.ContextFlinkRunner;
import dev.lakestation.jobs.runner.FlinkRunner;
import dev.lakestation.jobs.runner.LocalFlinkRunner;
import dev.lakestation.jobs.runner.ProjectJobRunner;
import dev.lakestation.jobs.runner.ReportingFlinkRunner;
import dev.lakestation.jobs.runner.RestFlinkRunner;
import dev.lakestation.jobs.transform.TransformService;
import dev.lakestation.jobs.transform.lineage.ParsedLineage;
import dev.lakestation.schema.project.Project;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lakestation run}: the whole project once, the way its orchestration would run it — every load pipeline
 * (stage → preload → loads), then every transform in dependency order, each fed by the dataset events of its inputs.
 * Exit code 0 when nothing failed (a preload with nothing to load is a skip, not a failure).
 *
 * <pre>{@code
 * $ lakestation run --root examples/starbake
 * }</pre>
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the whole project once: stage, preload and load every table, then every transform in "
                + "dependency order, on a local Flink MiniCluster.")
public final class RunCommand extends ProjectCommand {

    private static final DateTimeFormatter KEY = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);

    @Option(names = "--parallelism", paramLabel = "N", description = "Flink parallelism (default: the number of cores).")
    Integer parallelism;

    @Option(names = "--options", split = ",", paramLabel = "K=V",
            description = "Variables and DAG options overriding the project's, Starlake's spelling: --options k1=v1,k2=v2.")
    Map<String, String> options = new LinkedHashMap<>();

    @picocli.CommandLine.Mixin
    MemphisOptions memphis = new MemphisOptions();

    @Option(names = "--checkpoint-interval", paramLabel = "MILLIS", defaultValue = "1000",
            description = "Station tables (with --memphis): Flink checkpoint interval of their bounded loads; "
                    + "messages are acked and rows committed per checkpoint (default: ${DEFAULT-VALUE}).")
    long checkpointMillis;

    @Override
    protected Map<String, String> variables() {
        return options;
    }

    @Override
    protected int run(Project project) {
        long commandStart = System.nanoTime();
        Duration cpuAtStart = StepTimes.processCpu();
        int p = parallelism != null ? parallelism : Math.max(1, Runtime.getRuntime().availableProcessors());
        Clock clock = Clock.systemUTC();
        dev.lakestation.jobs.load.StationRequest stations;
        try {
            var connection = memphis.connection(System.getenv());
            stations = connection == null ? null : new dev.lakestation.jobs.load.StationRequest(connection, null, true,
                    Duration.ofMillis(checkpointMillis));
        } catch (IllegalArgumentException e) {
            err().println("run: " + e.getMessage());
            return LakestationCli.EXIT_USAGE;
        }
        FileDatasetEvents events = new FileDatasetEvents(Path.of(project.settings().datasets()));
        RunOnceResult result;
        if (cli().flinkCluster().isPresent() && stations != null) {
            err().println("run: station tables (--memphis) with --flink: not supported yet; run their loads with "
                    + "`lakestation load --flink URL --memphis HOST:PORT --bounded`");
            return LakestationCli.EXIT_USAGE;
        }
        if (cli().flinkCluster().isPresent()) {
            try (RestFlinkRunner rest = RestFlinkRunner.connect(cli().flinkCluster().get(),
                    ClusterJobRunner.defaultJobsJar())) {
                // stage and preload are file moves on the shared path, here; no Flink job, so no load/transform service
                ProjectJobRunner local = new ProjectJobRunner(project, null, null, p, options, null, clock, l -> { });
                JobRunner runner = new ClusterJobRunner(project, rest, local, p, options, this::line);
                StepTimes timed = new StepTimes(runner, this::line);
                result = new Coordinator(ProjectPipelines.of(project, new ParsedLineage(),
                        DagOptions.read(project.root()), options), timed, new InMemoryStateStore(), clock, events)
                        .runOnce("run-" + KEY.format(Instant.now(clock)));
                out().println();
                RunSummary.print(out(), result.runs(), timed.steps(), null, null,
                        new RunSummary.Span(Duration.ofNanos(System.nanoTime() - commandStart), null));
            } catch (RuntimeException e) {
                err().println("run: " + e.getMessage());
                return LakestationCli.EXIT_FAILURE;
            }
            return result.succeeded() ? 0 : LakestationCli.EXIT_FAILURE;
        }
        StepTimes steps;
        RunSummary.Span[] clusterStart = {null};
        try (FlinkRunner flink = ContextFlinkRunner.detect(p).orElseGet(() -> {
            long t = System.nanoTime();
            Duration c = StepTimes.processCpu();
            LocalFlinkRunner local = LocalFlinkRunner.start(p);
            Duration c2 = StepTimes.processCpu();
            clusterStart[0] = new RunSummary.Span(Duration.ofNanos(System.nanoTime() - t),
                    c == null || c2 == null ? null : c2.minus(c));
            return local;
        })) {
            // every job a load or transform submits is reported to its step (summary table, output lines)
            ReportingFlinkRunner jobs = new ReportingFlinkRunner(flink);
            ProjectJobRunner runner = new ProjectJobRunner(project, new LoadService(project, jobs, clock, events),
                    new TransformService(project, jobs, clock),
                    p, options, new ConsoleProgress(out(), System.console() != null), clock, this::line)
                    .reportingJobsOf(jobs).withStations(stations);
            ProjectPipelines pipelines = ProjectPipelines.of(project, new ParsedLineage(),
                    DagOptions.read(project.root()), options);
            steps = new StepTimes(runner, this::line);
            Coordinator coordinator = new Coordinator(pipelines, steps, new InMemoryStateStore(), clock, events);
            result = coordinator.runOnce("run-" + KEY.format(Instant.now(clock)));
        } catch (RuntimeException e) {
            err().println("run: " + e.getMessage());
            if (cli().verbose()) {
                e.printStackTrace(err());
            }
            return LakestationCli.EXIT_FAILURE;
        }
        out().println();
        Duration sinceStart = Duration.ofNanos(System.nanoTime() - commandStart);
        RunSummary.Span startup = LakestationCli.launchedAt().map(jvm -> new RunSummary.Span(Duration.ofMillis(
                Math.max(0, System.currentTimeMillis() - jvm)).minus(sinceStart), cpuAtStart)).orElse(null);
        Duration cpuNow = StepTimes.processCpu();
        RunSummary.Span total = new RunSummary.Span(startup == null ? sinceStart : sinceStart.plus(startup.wall()),
                cpuNow == null ? null : startup != null ? cpuNow : cpuAtStart == null ? null : cpuNow.minus(cpuAtStart));
        RunSummary.print(out(), result.runs(), steps.steps(), startup, clusterStart[0], total);
        return result.succeeded() ? 0 : LakestationCli.EXIT_FAILURE;
    }

    /** One progress line, at once (the summary table comes at the end). */
    private void line(String line) {
        out().println(line);
        out().flush();
    }
}
