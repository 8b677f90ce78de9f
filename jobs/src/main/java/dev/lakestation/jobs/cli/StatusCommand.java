package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.coordinator.CoordinatorState;
import dev.lakestation.jobs.coordinator.Pipeline;
import dev.lakestation.jobs.coordinator.ProjectPipelines;
import dev.lakestation.jobs.coordinator.StatusReport;
import dev.lakestation.jobs.coordinator.WhyReport;
import dev.lakestation.schema.project.Project;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lakestation status}: what the coordinator ran, what waits for which dataset and period, the next cron times
 * and freshness alerts — read from its state store, no running coordinator needed. {@code --why <task>} explains rule
 * by rule why a task did or did not run for a period; {@code --json} prints the same model as JSON.
 *
 * <pre>{@code
 * $ lakestation status --root examples/starbake
 * $ lakestation status --why kpi.order_summary --period 20240301T0000
 * }</pre>
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the coordinator's runs, waits, next cron times and freshness alerts; --why explains one "
                + "task's period rule by rule.")
public final class StatusCommand extends ProjectCommand {

    @Mixin
    CoordinatorOptions options;

    @Option(names = "--why", paramLabel = "TASK", description = "Explain why TASK ran or did not run for a period.")
    String why;

    @Option(names = "--period", paramLabel = "P",
            description = "With --why: the period (default: its latest run's, else the current cron period).")
    String period;

    @Option(names = "--json", description = "Machine-readable output (the same model).")
    boolean json;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "20",
            description = "Runs to list, newest first (default: ${DEFAULT-VALUE}; 0: all).")
    int runs;

    @Override
    protected Map<String, String> variables() {
        return options.dagOptions;
    }

    @Override
    protected int run(Project project) {
        Clock clock = Clock.systemUTC();
        ProjectPipelines pipelines = CoordinatorRuntime.pipelines(project, options);
        Pipeline p;
        try {
            p = why == null ? null : pipelines.resolve(why);
        } catch (IllegalArgumentException e) {
            err().println("status: --why: " + e.getMessage());
            return LakestationCli.EXIT_USAGE;
        }
        try (CoordinatorRuntime rt = CoordinatorRuntime.open(project, options, pipelines, clock, out())) {
            CoordinatorState state = rt.store.load().orElseGet(CoordinatorState::new);
            if (p != null) {
                WhyReport w = WhyReport.of(rt.pipelines, state, p.id(), period, clock.instant());
                out().print(json ? w.toJson() + "\n" : w.toText());
            } else {
                StatusReport r = StatusReport.of(rt.pipelines, state, clock.instant());
                if (json) {
                    out().println(r.toJson());
                } else {
                    print(r, out());
                }
            }
            out().flush();
            return 0;
        } catch (RuntimeException e) {
            err().println("status: " + e.getMessage());
            if (cli().verbose()) {
                e.printStackTrace(err());
            }
            return LakestationCli.EXIT_FAILURE;
        }
    }

    private void print(StatusReport r, PrintWriter out) {
        out.println(r.stateCreatedAt() == null ? "The coordinator has not run on this project yet."
                : "Coordinator state since " + r.stateCreatedAt() + ", " + r.runs().size() + " runs.");
        if (!r.runs().isEmpty()) {
            out.println();
            int n = runs <= 0 ? r.runs().size() : Math.min(runs, r.runs().size());
            out.println("Runs (newest first" + (n < r.runs().size() ? ", " + n + " of " + r.runs().size() : "") + ")");
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"run id", "status", "attempt", "started", "ended", "flink job", "error / reason"});
            for (StatusReport.RunView v : r.runs().subList(0, n)) {
                rows.add(new String[] {v.runId(), v.status(), Integer.toString(v.attempt()), nz(v.started()),
                        nz(v.finished()), flinkJob(v), v.message() != null ? v.message() : nz(v.reason())});
            }
            TextTable.print(out, rows, 99, 7);
        }
        List<String[]> waits = new ArrayList<>();
        waits.add(new String[] {"pipeline", "waits for", "period", "detail"});
        List<String[]> schedules = new ArrayList<>();
        schedules.add(new String[] {"pipeline", "trigger", "last tick", "next run"});
        for (StatusReport.PipelineView p : r.pipelines()) {
            for (StatusReport.Wait w : p.waiting()) {
                waits.add(new String[] {p.id(), w.dataset() == null ? "(time)" : w.dataset(), nz(w.period()),
                        w.detail()});
            }
            schedules.add(new String[] {p.id(), p.trigger(), nz(p.lastTick()), nz(p.nextRun())});
        }
        if (waits.size() > 1) {
            out.println();
            out.println("Waiting");
            TextTable.print(out, waits, 99, 4);
        }
        out.println();
        out.println("Pipelines");
        TextTable.print(out, schedules, 99, 4);
        out.println();
        if (r.alerts().isEmpty()) {
            out.println("Freshness: no alert");
        } else {
            out.println("Freshness alerts");
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"dataset", "alert", "last event", "warn after", "error after"});
            for (StatusReport.DatasetView d : r.alerts()) {
                rows.add(new String[] {d.dataset(), d.alert(), d.lastEvent() == null ? "never" : d.lastEvent(),
                        nz(d.warnAfter()), nz(d.errorAfter())});
            }
            TextTable.print(out, rows, 99, 5);
        }
    }

    /** The latest Flink job of a run, with how many it had before ({@code --json} lists them all). */
    static String flinkJob(StatusReport.RunView v) {
        return v.flinkJobId() == null ? "-" : flinkJob(v.flinkJobId(), v.flinkJobIds());
    }

    /** {@code latest}, with how many other jobs {@code all} holds: {@code 5f0c… (+1)}; also {@code run}'s column. */
    static String flinkJob(String latest, List<String> all) {
        int others = all.size() - (all.contains(latest) ? 1 : 0);
        return latest + (others > 0 ? " (+" + others + ")" : "");
    }

    private static String nz(String s) {
        return s == null ? "-" : s;
    }
}
