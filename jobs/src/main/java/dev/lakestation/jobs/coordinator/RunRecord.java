package dev.lakestation.jobs.coordinator;

import java.util.ArrayList;
import java.util.List;

/**
 * One run as stored in the {@link StateStore}: a pipeline for one period. Mutable state owned by the
 * {@link Coordinator}; read copies through {@link Coordinator#runs()}. Times are epoch milliseconds.
 */
public final class RunRecord {
    /** {@code <pipeline>@<period>} */
    public String runId;
    public String pipeline;
    /** {@code sl_schedule} of a cron period, or a key of the events / manual trigger that created it */
    public String period;
    /** the cron tick for a cron period, else null */
    public Long periodTick;
    public RunStatus status;
    public int attempt;
    /** index of the step in progress (or next) */
    public int step;
    public long createdAt;
    /** start of the latest attempt, or null before the first */
    public Long startedAt;
    /** why it was created: "cron", the triggering datasets, "manual", "run once" */
    public String reason;
    /** when a waiting run continues, or null */
    public Long nextAt;
    /** first "not ready" of the current preload step, or null */
    public Long preloadSince;
    public Long finishedAt;
    /** last error, skip reason, … */
    public String message;
    /**
     * the Flink job submitted last for this run (any step, any attempt), hex; null before the first or when no step
     * runs a Flink job (stage, preload)
     */
    public String flinkJobId;
    /**
     * every Flink job of this run in submission order (a load pipeline has one per table, a retry adds its own), at
     * most {@link #MAX_FLINK_JOBS}: the oldest are dropped first
     */
    public List<String> flinkJobIds = new ArrayList<>();

    /** Cap of {@link #flinkJobIds}: the state stays small whatever a run does. */
    public static final int MAX_FLINK_JOBS = 50;

    /** A copy (callers never see the coordinator's own record). */
    public RunRecord copy() {
        RunRecord r = new RunRecord();
        r.runId = runId;
        r.pipeline = pipeline;
        r.period = period;
        r.periodTick = periodTick;
        r.status = status;
        r.attempt = attempt;
        r.step = step;
        r.createdAt = createdAt;
        r.startedAt = startedAt;
        r.reason = reason;
        r.nextAt = nextAt;
        r.preloadSince = preloadSince;
        r.finishedAt = finishedAt;
        r.message = message;
        r.flinkJobId = flinkJobId;
        r.flinkJobIds = flinkJobIds == null ? new ArrayList<>() : new ArrayList<>(flinkJobIds);
        return r;
    }

    /** Records a Flink job of this run (a job id already recorded is only made the latest again). */
    void addFlinkJob(String jobId) {
        if (flinkJobIds == null) {
            flinkJobIds = new ArrayList<>();
        }
        flinkJobId = jobId;
        if (!flinkJobIds.contains(jobId)) {
            flinkJobIds.add(jobId);
            if (flinkJobIds.size() > MAX_FLINK_JOBS) {
                flinkJobIds.remove(0);
            }
        }
    }

    @Override
    public String toString() {
        return runId + " " + status + " attempt " + attempt + (message == null ? "" : ": " + message);
    }
}
