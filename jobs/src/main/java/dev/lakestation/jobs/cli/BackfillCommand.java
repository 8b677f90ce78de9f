package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.coordinator.CoordinatorRequests;
import dev.lakestation.jobs.coordinator.Pipeline;
import dev.lakestation.jobs.coordinator.ProjectPipelines;
import dev.lakestation.jobs.coordinator.Reprocess;
import dev.lakestation.schema.project.Project;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lakestation backfill <task> --from F --to T [--reprocess none|failed|all]}: one run per cron period of the
 * range (both ends included), oldest first, with Airflow's reprocess modes. Queued for a running coordinator, else run
 * in the foreground like {@link TriggerCommand}; exit code 2 for an unknown task, a bad time or mode, {@code --from}
 * after {@code --to} or a pipeline without cron (nothing queued, nothing run).
 *
 * <pre>{@code
 * $ lakestation backfill kpi.order_summary --from 2024-03-01 --to 2024-03-07 --reprocess failed
 * }</pre>
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Run a pipeline for every cron period from --from to --to (included); periods that already ran "
                + "are kept unless --reprocess says otherwise.")
public final class BackfillCommand extends ProjectCommand {

    @Mixin
    CoordinatorOptions options;

    @Parameters(index = "0", paramLabel = "TASK", description = "A task, a dataset or a pipeline id.")
    String task;

    @Option(names = "--from", required = true, paramLabel = "TIME",
            description = "First period: 20240301T0000, 2024-03-01, 2024-03-01T10:00 (project time zone) or an instant.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "TIME", description = "Last period (included), same forms.")
    String to;

    @Option(names = "--reprocess", paramLabel = "MODE", defaultValue = "none",
            description = "none (default): only periods without a run; failed: also periods whose last run failed, "
                    + "timed out or was skipped; all: every period.")
    String reprocess;

    @Override
    protected Map<String, String> variables() {
        return options.dagOptions;
    }

    @Override
    protected int run(Project project) {
        ProjectPipelines pipelines;
        Pipeline p;
        Reprocess mode;
        Instant f;
        Instant t;
        try {
            pipelines = CoordinatorRuntime.pipelines(project, options);
            p = pipelines.resolve(task);
            mode = Reprocess.parse(reprocess);
            f = TimeArgs.parse("--from", from, pipelines.zone());
            t = TimeArgs.parse("--to", to, pipelines.zone());
            if (t.isBefore(f)) {
                throw new IllegalArgumentException("--to " + to + " is before --from " + from);
            }
            if (pipelines.periodCron(p.id()).isEmpty()) {
                throw new IllegalArgumentException(p.id() + " has no cron (no schedule, and its inputs have none): "
                        + "it has no periods to backfill; use trigger --period");
            }
            options.broker(System.getenv()); // a bad --memphis, TLS file or MEMPHIS_* variable: usage error too
        } catch (IllegalArgumentException e) {
            err().println("backfill: " + e.getMessage());
            return LakestationCli.EXIT_USAGE;
        }
        try (CoordinatorRuntime rt = CoordinatorRuntime.open(project, options, pipelines, Clock.systemUTC(), out())) {
            return ManualRuns.run(rt, CoordinatorRequests.Request.backfill(p.id(), f.toString(), t.toString(), mode),
                    c -> c.backfill(p.id(), f, t, mode), out());
        } catch (RuntimeException e) {
            err().println("backfill: " + e.getMessage());
            if (cli().verbose()) {
                e.printStackTrace(err());
            }
            return LakestationCli.EXIT_FAILURE;
        }
    }
}
