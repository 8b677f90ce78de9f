package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.coordinator.CoordinatorLock;
import dev.lakestation.jobs.coordinator.CoordinatorService;
import dev.lakestation.jobs.coordinator.ManualClock;
import dev.lakestation.jobs.coordinator.Pipeline;
import dev.lakestation.jobs.status.CoordinatorStatus;
import dev.lakestation.jobs.status.StatusServer;
import dev.lakestation.jobs.status.StatusServerOptions;
import dev.lakestation.jobs.transform.lineage.DagFormat;
import dev.lakestation.jobs.transform.lineage.ProjectDag;
import dev.lakestation.schema.project.Project;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lakestation coordinator}: the long-running service — fires cron schedules, listens to dataset events, runs
 * the jobs with Starlake's rules, and logs every decision in one line. SIGTERM (Ctrl-C) lets the current job finish
 * (up to {@code --shutdown-grace}), saves, and exits.
 *
 * <pre>{@code
 * $ lakestation coordinator --root examples/starbake --http        # status page on http://127.0.0.1:8088/
 * $ LAKESTATION_MEMPHIS=localhost:6666 MEMPHIS_USERNAME=root MEMPHIS_PASSWORD=... lakestation coordinator
 * }</pre>
 */
@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = "Run the dataset-event coordinator service: cron schedules, dataset triggers, retries, "
                + "freshness; one log line per decision. Stop it with SIGTERM / Ctrl-C.")
public final class CoordinatorCommand extends ProjectCommand {

    @Mixin
    CoordinatorOptions options;

    @Option(names = "--max-idle", paramLabel = "DURATION", defaultValue = "PT1M",
            description = "Longest sleep without a wake-up, ISO-8601 (default: ${DEFAULT-VALUE}); new events and "
                    + "requests wake it at once.")
    Duration maxIdle;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", defaultValue = "PT60S",
            description = "On SIGTERM, how long the current job may take to finish (default: ${DEFAULT-VALUE}); "
                    + "a job cut after it is retried at the next start.")
    Duration grace;

    @Option(names = "--until", paramLabel = "TIME",
            description = "Stop once the clock reaches TIME (ISO-8601 instant).")
    Instant until;

    @Option(names = "--http", paramLabel = "HOST:PORT", arity = "0..1",
            fallbackValue = StatusServerOptions.DEFAULT,
            description = "Serve the status page (runs, waits, alerts, the graph coloured by run state) on HOST:PORT "
                    + "(--http alone: " + StatusServerOptions.DEFAULT + "). Loopback unless --http-allow-remote.")
    String http;

    @Option(names = "--http-allow-remote",
            description = "Allow --http on a non-loopback address; needs a token.")
    boolean httpAllowRemote;

    @Option(names = "--http-token", paramLabel = "TOKEN", defaultValue = "${env:LAKESTATION_HTTP_TOKEN}",
            description = "Token the page's API requires (Authorization: Bearer, or ?token= once in the browser); "
                    + "default: $LAKESTATION_HTTP_TOKEN.")
    String httpToken;

    @Option(names = "--clock-start", paramLabel = "TIME", hidden = true,
            description = "Tests only: a simulated clock starting at TIME that jumps to each due moment instead of "
                    + "sleeping (needs --until).")
    Instant clockStart;

    @Override
    protected Map<String, String> variables() {
        return options.dagOptions;
    }

    @Override
    protected int run(Project project) {
        if (clockStart != null && until == null) {
            err().println("coordinator: --clock-start needs --until");
            return LakestationCli.EXIT_USAGE;
        }
        StatusServerOptions httpOptions = null;
        if (http != null) {
            try {
                httpOptions = StatusServerOptions.parse(http, httpAllowRemote, httpToken);
            } catch (IllegalArgumentException e) {
                err().println("coordinator: " + e.getMessage());
                return LakestationCli.EXIT_USAGE;
            }
        }
        Clock clock = clockStart != null ? new ManualClock(clockStart) : Clock.systemUTC();
        try (CoordinatorRuntime rt = CoordinatorRuntime.open(project, options, clock, out())
                .onCluster(cli().flinkCluster().orElse(null))) {
            Optional<CoordinatorLock> lock = CoordinatorLock.tryAcquire(rt.lockFile());
            if (lock.isEmpty()) {
                err().println("coordinator: another coordinator runs on this project (pid "
                        + CoordinatorLock.holder(rt.lockFile()) + ", lock " + rt.lockFile() + ")");
                return LakestationCli.EXIT_FAILURE;
            }
            try (CoordinatorLock ignored = lock.get(); StatusServer page = statusPage(rt, project, clock, httpOptions)) {
                return serve(rt, clock);
            }
        } catch (RuntimeException e) {
            err().println("coordinator: " + e.getMessage());
            if (cli().verbose()) {
                e.printStackTrace(err());
            }
            return LakestationCli.EXIT_FAILURE;
        }
    }

    /** The status page when {@code --http} was given, else null; its address is logged once. */
    private StatusServer statusPage(CoordinatorRuntime rt, Project project, Clock clock, StatusServerOptions o) {
        if (o == null) {
            return null;
        }
        String title = project.root().toAbsolutePath().normalize().getFileName().toString();
        CoordinatorStatus source = new CoordinatorStatus(title, rt.pipelines, rt.store, clock,
                DagFormat.MERMAID.render(ProjectDag.of(project)),
                cli().flinkCluster().map(java.net.URI::toString).orElse(null));
        try {
            StatusServer server = StatusServer.start(o, source);
            log("status page: " + server.uri() + (o.token() == null ? "" : " (token required)"));
            return server;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("--http " + http + ": cannot listen: " + e.getMessage(), e);
        }
    }

    private int serve(CoordinatorRuntime rt, Clock clock) {
        var coordinator = rt.coordinator();
        log(clock.instant() + " coordinator started (pid " + ProcessHandle.current().pid() + "): "
                + rt.pipelines.all().size() + " pipelines; " + rt.describe());
        for (Pipeline p : rt.pipelines.all()) {
            if (p.schedule() != null) {
                log(clock.instant() + " SCHEDULE " + p.id() + ": cron " + p.schedule() + " (" + p.schedule().zone()
                        + ")");
            }
        }
        for (String w : rt.pipelines.warnings()) {
            log("warning: " + w);
        }
        CoordinatorService service = new CoordinatorService(coordinator, clock, rt.events, rt.requests(), this::log,
                maxIdle, until);
        Thread hook = new Thread(() -> {
            log(clock.instant() + " coordinator stopping (SIGTERM): the current job may finish within " + grace);
            service.stop();
            if (!service.awaitStopped(grace)) {
                log(clock.instant() + " coordinator: grace period over, exiting during a job (it is retried at the "
                        + "next start)");
            }
        }, "coordinator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            service.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for us
            }
        }
        return 0;
    }

    private synchronized void log(String line) {
        out().println(line);
        out().flush();
    }
}
