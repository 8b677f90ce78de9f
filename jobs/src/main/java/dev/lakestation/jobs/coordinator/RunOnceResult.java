package dev.lakestation.jobs.coordinator;

import java.util.List;

/**
 * What {@link Coordinator#runOnce} did: every run in execution order (loads, then transforms in dependency order)
 * and the decisions taken.
 *
 * @param runKey    the period part of every run id of this run
 * @param runs      the runs, final
 * @param decisions everything decided, in order
 */
public record RunOnceResult(String runKey, List<RunRecord> runs, List<Decision> decisions) {

    public RunOnceResult {
        runs = List.copyOf(runs);
        decisions = List.copyOf(decisions);
    }

    /** True when no run FAILED or TIMED_OUT (preload SKIPPED is not a failure); the exit code of {@code run}. */
    public boolean succeeded() {
        return runs.stream().noneMatch(r -> r.status == RunStatus.FAILED || r.status == RunStatus.TIMED_OUT
                || (r.status == RunStatus.SKIPPED && r.message != null && r.message.startsWith("upstream")));
    }
}
