package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.audit.FileDatasetEvents;
import dev.lakestation.jobs.coordinator.Coordinator;
import dev.lakestation.jobs.coordinator.DagOptions;
import dev.lakestation.jobs.coordinator.InMemoryStateStore;
import dev.lakestation.jobs.coordinator.ProjectPipelines;
import dev.lakestation.jobs.coordinator.RunOnceResult;
import dev.lakestation.jobs.coordinator.RunRecord;
import dev.lakestation.jobs.load.LoadService;
import dev.lakestation.jobs.coordinator.JobRunner;
import dev.lakestation.jobs.runner.ClusterJobRunner;
import dev.lakestation.jobs.runner.ContextFlinkRunner;
import dev.lakestation.jobs.runner.FlinkRunner;
import dev.lakestation.jobs.runner.LocalFlinkRunner;
import dev.lakestation.jobs.runner.ProjectJobRunner;
import dev.lakestation.jobs.runner.RestFlinkRunner;
import dev.lakestation.jobs.transform.TransformJob;
import dev.lakestation.jobs.transform.TransformService;
import dev.lakestation.jobs.transform.lineage.ParsedLineage;
import dev.lakestation.schema.project.Project;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    @Override
    protected Map<String, String> variables() {
        return options;
    }

    @Override
    protected int run(Project project) {
        int p = parallelism != null ? parallelism : Math.max(1, Runtime.getRuntime().availableProcessors());
        Clock clock = Clock.systemUTC();
        FileDatasetEvents events = new FileDatasetEvents(Path.of(project.settings().datasets()));
        RunOnceResult result;
        if (cli().flinkCluster().isPresent()) {
            try (RestFlinkRunner rest = RestFlinkRunner.connect(cli().flinkCluster().get(),
                    ClusterJobRunner.defaultJobsJar())) {
                // stage and preload are file moves on the shared path, here; no Flink job, so no load/transform service
                ProjectJobRunner local = new ProjectJobRunner(project, null, null, p, options, null, clock, l -> { });
                JobRunner runner = new ClusterJobRunner(project, rest, local, p, options, line -> {
                    out().println(line);
                    out().flush();
                });
                result = new Coordinator(ProjectPipelines.of(project, new ParsedLineage(),
                        DagOptions.read(project.root()), options), runner, new InMemoryStateStore(), clock, events)
                        .runOnce("run-" + KEY.format(Instant.now(clock)));
            } catch (RuntimeException e) {
                err().println("run: " + e.getMessage());
                return LakestationCli.EXIT_FAILURE;
            }
            out().println();
            print(result.runs());
            return result.succeeded() ? 0 : LakestationCli.EXIT_FAILURE;
        }
        try (FlinkRunner flink = ContextFlinkRunner.detect(p).orElseGet(() -> LocalFlinkRunner.start(p))) {
            ProjectJobRunner runner = new ProjectJobRunner(project, new LoadService(project, flink, clock, events),
                    new TransformService(project, () -> TransformJob.localBatchEnvironment(p), () -> flink, clock),
                    p, options, new ConsoleProgress(out(), System.console() != null), clock, line -> {
                        out().println(line);
                        out().flush();
                    });
            ProjectPipelines pipelines = ProjectPipelines.of(project, new ParsedLineage(),
                    DagOptions.read(project.root()), options);
            Coordinator coordinator = new Coordinator(pipelines, runner, new InMemoryStateStore(), clock, events);
            result = coordinator.runOnce("run-" + KEY.format(Instant.now(clock)));
        } catch (RuntimeException e) {
            err().println("run: " + e.getMessage());
            if (cli().verbose()) {
                e.printStackTrace(err());
            }
            return LakestationCli.EXIT_FAILURE;
        }
        out().println();
        print(result.runs());
        return result.succeeded() ? 0 : LakestationCli.EXIT_FAILURE;
    }

    private void print(List<RunRecord> runs) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"pipeline", "status", "message"});
        for (RunRecord r : runs) {
            rows.add(new String[] {r.pipeline, r.status.name(), r.message == null ? "" : r.message});
        }
        int w0 = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        int w1 = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
        for (String[] r : rows) {
            out().println((String.format("%-" + w0 + "s  %-" + w1 + "s  %s", r[0], r[1], r[2])).stripTrailing());
        }
        out().flush();
    }
}
