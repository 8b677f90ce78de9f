package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.runner.ContextFlinkRunner;
import dev.lakestation.jobs.runner.FlinkRunner;
import dev.lakestation.jobs.runner.LocalFlinkRunner;
import dev.lakestation.jobs.transform.TransformReport;
import dev.lakestation.jobs.transform.TransformService;
import dev.lakestation.schema.project.Project;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lakestation transform --name <domain>.<task> [--options k=v,...]}: Starlake's transform on Flink SQL, the
 * result committed atomically to {@code datasets/warehouse/<domain>/<task>}. {@code --all} runs every task in
 * dependency order. Exit code 1 when a task failed.
 */
@Command(name = "transform", mixinStandardHelpOptions = true,
        description = "Run transform tasks (SQL on Flink) into their warehouse tables (Starlake's `transform`).")
public final class TransformCommand extends ProjectCommand {

    @Option(names = "--name", paramLabel = "DOMAIN.TASK", split = ",", description = "Task(s) to run.")
    List<String> names = new ArrayList<>();

    @Option(names = "--all", description = "Run every task, inputs first.")
    boolean all;

    @Option(names = "--options", split = ",", paramLabel = "K=V",
            description = "Variables for the SQL and the YAML, Starlake's spelling: --options k1=v1,k2=v2.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--parallelism", paramLabel = "N", description = "Flink parallelism (default: the number of cores).")
    Integer parallelism;

    @Option(names = "--run-id", hidden = true, description = "Run id stamped on the dataset events "
            + "(a coordinator's run on a Flink cluster).")
    String runId;

    @Option(names = "--sl-schedule", hidden = true, description = "Period stamped on the dataset events.")
    String slSchedule;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    protected Map<String, String> variables() {
        return options;
    }

    @Override
    protected int run(Project project) {
        int p = parallelism != null ? parallelism : Math.max(1, Runtime.getRuntime().availableProcessors());
        if (cli().flinkCluster().isPresent()) {
            return ClusterSubmission.run(cli().flinkCluster().get(), project, spec, p, out(), err(), cli().verbose());
        }
        // one cluster and one SQL session for every task of the command; a local cluster starts in the background
        // while the first task is planned
        try (FlinkRunner flink = ContextFlinkRunner.detect(p).orElseGet(() -> LocalFlinkRunner.starting(p))) {
            return runTasks(new TransformService(project, flink, Clock.systemUTC()));
        }
    }

    private int runTasks(TransformService service) {
        List<String> tasks;
        try {
            tasks = all ? service.order() : names;
        } catch (RuntimeException e) {
            err().println("transform: " + e.getMessage());
            return LakestationCli.EXIT_FAILURE;
        }
        if (tasks.isEmpty()) {
            err().println("transform: give --name <domain>.<task> or --all");
            return LakestationCli.EXIT_USAGE;
        }
        int failed = 0;
        for (String task : tasks) {
            TransformReport r;
            try {
                r = service.run(task, options, runId, slSchedule);
            } catch (IllegalArgumentException e) {
                err().println("transform: " + e.getMessage());
                return LakestationCli.EXIT_FAILURE;
            }
            if (r.success()) {
                out().println(task + ": " + Format.count(r.rows()) + " rows in " + Format.duration(r.duration())
                        + " (version " + r.version() + ")" + (cli().verbose() ? " — " + r.timings() : ""));
            } else {
                failed++;
                out().println(task + ": FAILED — " + r.message());
            }
            out().flush();
        }
        return failed == 0 ? 0 : LakestationCli.EXIT_FAILURE;
    }
}
