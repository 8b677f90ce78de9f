package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.load.LoadRequest;
import dev.lakestation.jobs.load.LoadService;
import dev.lakestation.jobs.load.LoadSplits;
import dev.lakestation.jobs.load.TableLoadReport;
import dev.lakestation.jobs.runner.ContextFlinkRunner;
import dev.lakestation.jobs.runner.FlinkRunner;
import dev.lakestation.jobs.runner.LocalFlinkRunner;
import dev.lakestation.schema.project.Project;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lakestation load}: Starlake's load of the staged files of the selected tables, on a local Flink
 * MiniCluster. Exit code 0 when every table loaded (or had no files), 1 when a table failed.
 *
 * <pre>{@code
 * $ lakestation load --root examples/starbake --domains starbake
 * starbake.order_lines: loading 1 file, 4.0 KB
 * ...
 * }</pre>
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load the staged files of the selected tables into typed Parquet tables, with rejected rows "
                + "and an audit row per table (Starlake's `load`).")
public final class LoadCommand extends ProjectCommand {

    @Option(names = {"--domains", "--domain"}, split = ",", paramLabel = "D",
            description = "Domains to load (default: all).")
    List<String> domains = List.of();

    @Option(names = "--tables", split = ",", paramLabel = "T", description = "Tables to load (default: all).")
    List<String> tables = List.of();

    @Option(names = "--parallelism", paramLabel = "N",
            description = "Parallel readers/writers per table (default: the number of cores).")
    Integer parallelism;

    @Option(names = "--options", split = ",", paramLabel = "K=V",
            description = "Variables overriding the env files, Starlake's spelling: --options k1=v1,k2=v2.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--split-size", paramLabel = "BYTES", defaultValue = "" + LoadSplits.DEFAULT_SPLIT_SIZE,
            description = "Byte-range size for reading a large DSV/POSITION file in parallel (default: ${DEFAULT-VALUE}).")
    long splitSize;

    @Option(names = "--lock-wait", paramLabel = "SECONDS", defaultValue = "600",
            description = "How long to wait for another load of the same table (default: ${DEFAULT-VALUE}).")
    long lockWaitSeconds;

    @picocli.CommandLine.Mixin
    MemphisOptions memphis = new MemphisOptions();

    @Option(names = "--from-station", paramLabel = "S",
            description = "Load the one selected table (--domains D --tables T) from station S (overrides its "
                    + "metadata.options memphis.station).")
    String fromStation;

    @Option(names = "--bounded",
            description = "Station tables: load what the station holds now, commit and stop (default: run until "
                    + "interrupted, committing after every checkpoint).")
    boolean bounded;

    @Option(names = "--checkpoint-interval", paramLabel = "MILLIS",
            description = "Station tables: Flink checkpoint interval; messages are acked and rows committed per "
                    + "checkpoint (default: 1000 with --bounded, else 10000).")
    Long checkpointMillis;
    @Option(names = "--run-id", hidden = true, description = "Run id stamped on the audit rows and dataset events "
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
        LoadRequest request;
        try {
            request = new LoadRequest(domains, tables, p, options, splitSize, Duration.ofSeconds(lockWaitSeconds),
                    runId, slSchedule);
        } catch (IllegalArgumentException e) {
            err().println("load: " + e.getMessage());
            return LakestationCli.EXIT_USAGE;
        }
        try {
            var connection = memphis.connection(System.getenv());
            if (connection == null && fromStation != null) {
                throw new IllegalArgumentException("--from-station needs --memphis host:port (or LAKESTATION_MEMPHIS)");
            }
            if (connection != null) {
                request = request.withStations(new dev.lakestation.jobs.load.StationRequest(connection, fromStation,
                        bounded, Duration.ofMillis(checkpointMillis != null ? checkpointMillis
                                : bounded ? 1000 : 10_000)));
            }
        } catch (IllegalArgumentException e) {
            err().println("load: " + e.getMessage());
            return LakestationCli.EXIT_USAGE;
        }
        List<TableLoadReport> reports;
        try (FlinkRunner flink = ContextFlinkRunner.detect(p).orElseGet(() -> LocalFlinkRunner.start(p))) {
            LoadService service = new LoadService(project, flink, Clock.systemUTC());
            // Ctrl-C ends a continuous station load cleanly: the last completed checkpoint's rows are committed
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            Thread hook = new Thread(() -> {
                service.stop();
                try {
                    done.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "lakestation-load-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                reports = service.load(request, new ConsoleProgress(out(), System.console() != null));
            } finally {
                done.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down: the hook is running
                }
            }
        } catch (IllegalArgumentException e) {
            err().println("load: " + e.getMessage());
            return LakestationCli.EXIT_FAILURE;
        } catch (RuntimeException e) {
            err().println("load: " + e.getMessage());
            if (cli().verbose()) {
                e.printStackTrace(err());
            }
            return LakestationCli.EXIT_FAILURE;
        }
        out().println();
        SummaryTable.print(out(), reports);
        boolean failed = reports.stream().anyMatch(r -> r.status() == TableLoadReport.Status.FAILED);
        if (failed) {
            err().println("load: " + reports.stream().filter(r -> r.status() == TableLoadReport.Status.FAILED)
                    .count() + " of " + reports.size() + " tables failed");
        }
        return failed ? LakestationCli.EXIT_FAILURE : 0;
    }
}
