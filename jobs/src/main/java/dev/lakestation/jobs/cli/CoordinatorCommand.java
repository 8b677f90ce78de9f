package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.coordinator.CoordinatorLock;
import dev.lakestation.jobs.coordinator.CoordinatorService;
import dev.lakestation.jobs.coordinator.ManualClock;
import dev.lakestation.jobs.coordinator.Pipeline;
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
 * $ lakestation coordinator --root examples/starbake
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
        Clock clock = clockStart != null ? new ManualClock(clockStart) : Clock.systemUTC();
        try (CoordinatorRuntime rt = CoordinatorRuntime.open(project, options, clock, out())) {
            Optional<CoordinatorLock> lock = CoordinatorLock.tryAcquire(rt.lockFile());
            if (lock.isEmpty()) {
                err().println("coordinator: another coordinator runs on this project (pid "
                        + CoordinatorLock.holder(rt.lockFile()) + ", lock " + rt.lockFile() + ")");
                return LakestationCli.EXIT_FAILURE;
            }
            try (CoordinatorLock ignored = lock.get()) {
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
