package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.coordinator.Coordinator;
import dev.lakestation.jobs.coordinator.CoordinatorLock;
import dev.lakestation.jobs.coordinator.CoordinatorRequests;
import dev.lakestation.jobs.coordinator.CronSchedule;
import dev.lakestation.jobs.coordinator.Pipeline;
import dev.lakestation.jobs.coordinator.ProjectPipelines;
import dev.lakestation.jobs.coordinator.Decision;
import dev.lakestation.jobs.coordinator.RunRecord;
import dev.lakestation.jobs.coordinator.RunStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code trigger} and {@code backfill}: with no coordinator running on the project they take its lock and are the
 * coordinator for a while — they run the manual runs in the foreground with its rules (retries wait their delay),
 * then what the runs' dataset events trigger, as a running service would, until every run they started is final;
 * with a coordinator running they queue the request for it, print one line and return. Either way the arguments
 * were checked first ({@link #period}): bad input is never queued.
 */
final class ManualRuns {

    private ManualRuns() {
    }

    /** @return the exit code: 1 when a run FAILED or TIMED_OUT */
    static int run(CoordinatorRuntime rt, CoordinatorRequests.Request request,
                   Function<Coordinator, List<Decision>> action, PrintWriter out) {
        Optional<CoordinatorLock> lock = CoordinatorLock.tryAcquire(rt.lockFile());
        if (lock.isEmpty()) {
            var file = rt.requests().submit(request);
            out.println("queued for the running coordinator (pid " + CoordinatorLock.holder(rt.lockFile()) + "): "
                    + file.getFileName() + "; follow it with lakestation status");
            out.flush();
            return 0;
        }
        try (CoordinatorLock ignored = lock.get()) {
            Coordinator c = rt.coordinator();
            List<Decision> first = action.apply(c);
            print(first, out);
            Set<String> mine = new LinkedHashSet<>();
            addTriggered(first, mine);
            while (true) {
                if (allFinal(c, mine)) {
                    // the events of the finished runs may trigger dependents: one more pass, as the service's next
                    // tick would; done when it starts nothing new
                    List<Decision> more = c.resume();
                    print(more, out);
                    if (!addTriggered(more, mine)) {
                        break;
                    }
                    continue;
                }
                Instant now = rt.clock.instant();
                Instant next = c.nextWakeUp().orElse(now.plusSeconds(60));
                long ms = Duration.between(now, next).toMillis();
                if (ms > 0) {
                    try {
                        Thread.sleep(Math.min(ms, 60_000)); // waiting for a retry or preload poke time, not syncing
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        out.println("interrupted: the runs stay in the state and continue with the coordinator");
                        return LakestationCli.EXIT_FAILURE;
                    }
                }
                List<Decision> more = c.resume();
                print(more, out);
                addTriggered(more, mine);
            }
            boolean failed = false;
            for (String id : mine) {
                RunRecord r = c.run(id).orElseThrow();
                failed |= r.status == RunStatus.FAILED || r.status == RunStatus.TIMED_OUT;
                out.println(r.runId + "  " + r.status + (r.message == null ? "" : "  " + r.message));
            }
            out.flush();
            return failed ? LakestationCli.EXIT_FAILURE : 0;
        }
    }

    /**
     * The period {@code trigger --period} names for pipeline {@code p}, normalised: for a pipeline with a cron, one
     * of its ticks ({@code 20240301T0100}, or {@code 2024-03-01T01:00} / an instant, same as {@code backfill}), for
     * one without, a run key of letters, digits and {@code . _ : -}. Null (no {@code --period}) stays null.
     *
     * @throws IllegalArgumentException naming the option, the text and what is expected
     */
    static String period(ProjectPipelines pipelines, Pipeline p, String text) {
        if (text == null) {
            return null;
        }
        Optional<CronSchedule> cron = pipelines.periodCron(p.id());
        if (cron.isEmpty()) {
            if (!text.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")) {
                throw new IllegalArgumentException("--period '" + text + "': " + p.id() + " has no cron, so a period "
                        + "is a run key: letters, digits and . _ : - (e.g. 2024-03-01 or export-42)");
            }
            return text;
        }
        CronSchedule c = cron.get();
        Instant t;
        try {
            t = text.matches("\\d{8}T\\d{4}") ? CronSchedule.parseSlSchedule(text, pipelines.zone())
                    : TimeArgs.parse("--period", text, pipelines.zone());
        } catch (java.time.DateTimeException e) {
            t = null;
        }
        if (t == null || (text.matches("\\d{8}T\\d{4}") && !c.slSchedule(t).equals(text))) {
            throw new IllegalArgumentException("--period '" + text + "': not a time; " + p.id() + " runs on cron " + c
                    + ": give one of its ticks as 20240301T0000 (project time zone " + pipelines.zone() + ")");
        }
        if (!c.floor(t).equals(t)) {
            throw new IllegalArgumentException("--period '" + text + "': not a tick of " + p.id() + "'s cron " + c
                    + "; the period it falls in is " + c.slSchedule(c.floor(t)));
        }
        return c.slSchedule(t);
    }

    private static boolean addTriggered(List<Decision> decisions, Set<String> runIds) {
        boolean added = false;
        for (Decision d : decisions) {
            if (d.type() == Decision.Type.TRIGGERED && d.runId() != null) {
                added |= runIds.add(d.runId());
            }
        }
        return added;
    }

    private static boolean allFinal(Coordinator c, Set<String> runIds) {
        return runIds.stream().allMatch(id -> c.run(id).map(r -> r.status.isFinal()).orElse(true));
    }

    /**
     * The decisions, one line each — but not DUPLICATE_EVENT: every job's event comes back once from the event source
     * after the job returned it, which is bookkeeping of at-least-once delivery, not news for the person at the
     * terminal (the service log keeps them).
     */
    private static void print(List<Decision> decisions, PrintWriter out) {
        decisions.stream().filter(d -> d.type() != Decision.Type.DUPLICATE_EVENT).forEach(out::println);
        out.flush();
    }
}
