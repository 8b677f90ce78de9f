package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.coordinator.Coordinator;
import dev.lakestation.jobs.coordinator.CoordinatorLock;
import dev.lakestation.jobs.coordinator.CoordinatorRequests;
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
 * {@code trigger} and {@code backfill}: with no coordinator running on the project they take its lock and run the
 * manual runs in the foreground, with the coordinator's rules (retries wait their delay), until every run they
 * created is final; with a coordinator running they queue the request for it and return.
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
            for (Decision d : first) {
                if (d.type() == Decision.Type.TRIGGERED && d.runId() != null) {
                    mine.add(d.runId());
                }
            }
            while (!allFinal(c, mine)) {
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
                print(c.resume(), out);
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

    private static boolean allFinal(Coordinator c, Set<String> runIds) {
        return runIds.stream().allMatch(id -> c.run(id).map(r -> r.status.isFinal()).orElse(true));
    }

    private static void print(List<Decision> decisions, PrintWriter out) {
        decisions.forEach(out::println);
        out.flush();
    }
}
