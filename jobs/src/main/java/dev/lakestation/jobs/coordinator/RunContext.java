package dev.lakestation.jobs.coordinator;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * What a job call knows about the run it belongs to.
 *
 * <pre>{@code
 * RunningJob job = flink.submit(env, "lakestation load starbake.orders");
 * ctx.flinkJobSubmitted(job.id().toHexString());   // the status page shows it while the job runs
 * }</pre>
 *
 * @param runId      {@code <pipeline>@<period>}: put it in the dataset events ({@code run_id}) and audit rows
 * @param pipelineId the pipeline
 * @param attempt    1 for the first attempt, 2 for the first retry, …
 * @param slSchedule the period to stamp on the dataset events ({@code sl_schedule}), or null when the run is not on
 *                   a cron period
 * @param deadline   when the job must be stopped and {@link Outcome#timedOut} returned, or null for none
 * @param flinkJobs  told the id of every Flink job the call submits (see {@link #flinkJobSubmitted}), or null
 */
public record RunContext(String runId, String pipelineId, int attempt, String slSchedule, Instant deadline,
                         Consumer<String> flinkJobs) {

    /** A context whose Flink job ids go nowhere (file checks, tests). */
    public RunContext(String runId, String pipelineId, int attempt, String slSchedule, Instant deadline) {
        this(runId, pipelineId, attempt, slSchedule, deadline, null);
    }

    /**
     * Reports that this call submitted the Flink job {@code jobId} (hex, as Flink prints it). The coordinator
     * records it on the run and saves the state at once, so that {@code status} and the status page show the job of
     * a run that is still RUNNING. Call it as soon as the job is submitted, once per job; any thread may call it
     * while the job call is in progress.
     */
    public void flinkJobSubmitted(String jobId) {
        if (flinkJobs != null && jobId != null && !jobId.isBlank()) {
            flinkJobs.accept(jobId);
        }
    }
}
