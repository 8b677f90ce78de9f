package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.coordinator.CoordinatorRequests;
import dev.lakestation.jobs.coordinator.Pipeline;
import dev.lakestation.jobs.coordinator.ProjectPipelines;
import dev.lakestation.schema.project.Project;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lakestation trigger <task> [--period P]}: one manual run of a pipeline for a period, with the coordinator's
 * rules — a period that already has a run is not run again (ALREADY_RAN; {@code backfill --reprocess} re-runs). With
 * a coordinator running on the project the request is queued for it (one line, exit 0); otherwise the command runs it
 * in the foreground, then what its dataset events trigger (see {@link ManualRuns}). Exit code 2 for an unknown task
 * or a period that is not one of the pipeline's (nothing queued, nothing run), 1 when a run failed.
 *
 * <pre>{@code
 * $ lakestation trigger kpi.order_summary --period 20240301T0000
 * }</pre>
 */
@Command(name = "trigger", mixinStandardHelpOptions = true,
        description = "Run a task or load pipeline once for a period (default: its current cron period); queued for "
                + "the running coordinator if there is one.")
public final class TriggerCommand extends ProjectCommand {

    @Mixin
    CoordinatorOptions options;

    @Parameters(index = "0", paramLabel = "TASK", description = "A task (kpi.t), a dataset (sales.orders: the pipeline "
            + "writing it) or a pipeline id (load:daily).")
    String task;

    @Option(names = "--period", paramLabel = "P", description = "A tick of the pipeline's cron (20240301T0000, or 2024-03-01T00:00 in the project time "
                    + "zone); for a pipeline without cron, a run key (letters, digits, . _ : -).")
    String period;

    @Override
    protected Map<String, String> variables() {
        return options.dagOptions;
    }

    @Override
    protected int run(Project project) {
        ProjectPipelines pipelines;
        Pipeline p;
        String key;
        try {
            pipelines = CoordinatorRuntime.pipelines(project, options);
            p = pipelines.resolve(task);
            key = ManualRuns.period(pipelines, p, period);
            options.broker(System.getenv()); // a bad --memphis, TLS file or MEMPHIS_* variable: usage error too
        } catch (IllegalArgumentException e) {
            err().println("trigger: " + e.getMessage());
            return LakestationCli.EXIT_USAGE;
        }
        try (CoordinatorRuntime rt = CoordinatorRuntime.open(project, options, pipelines, Clock.systemUTC(), out())) {
            return ManualRuns.run(rt, CoordinatorRequests.Request.trigger(p.id(), key),
                    c -> c.trigger(p.id(), key != null ? key : c.defaultPeriod(p.id())), out());
        } catch (RuntimeException e) {
            err().println("trigger: " + e.getMessage());
            if (cli().verbose()) {
                e.printStackTrace(err());
            }
            return LakestationCli.EXIT_FAILURE;
        }
    }
}
