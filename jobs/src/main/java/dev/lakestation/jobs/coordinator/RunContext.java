package dev.lakestation.jobs.coordinator;

import java.time.Instant;

/**
 * What a job call knows about the run it belongs to.
 *
 * @param runId      {@code <pipeline>@<period>}: put it in the dataset events ({@code run_id}) and audit rows
 * @param pipelineId the pipeline
 * @param attempt    1 for the first attempt, 2 for the first retry, …
 * @param slSchedule the period to stamp on the dataset events ({@code sl_schedule}), or null when the run is not on
 *                   a cron period
 * @param deadline   when the job must be stopped and {@link Outcome#timedOut} returned, or null for none
 */
public record RunContext(String runId, String pipelineId, int attempt, String slSchedule, Instant deadline) {
}
