package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.coordinator.CoordinatorRequests;
import dev.lakestation.jobs.coordinator.Pipeline;
import dev.lakestation.schema.project.Project;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lakestation trigger <task> [--period P]}: one manual run of a pipeline for a period, with the coordinator's
 * rules — a period that already has a run is not run again (ALREADY_RAN; {@code backfill --reprocess} re-runs).
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

    @Option(names = "--period", paramLabel = "P", description = "sl_schedule period (20240301T0000) or a run key.")
    String period;

    @Override
    protected Map<String, String> variables() {
        return options.dagOptions;
    }

    @Override
    protected int run(Project project) {
        try (CoordinatorRuntime rt = CoordinatorRuntime.open(project, options, Clock.systemUTC(), out())) {
            Pipeline p = rt.pipelines.resolve(task);
            return ManualRuns.run(rt, CoordinatorRequests.Request.trigger(p.id(), period),
                    c -> c.trigger(p.id(), period != null ? period : c.defaultPeriod(p.id())), out());
        } catch (RuntimeException e) {
            err().println("trigger: " + e.getMessage());
            if (cli().verbose()) {
                e.printStackTrace(err());
            }
            return LakestationCli.EXIT_FAILURE;
        }
    }
}
