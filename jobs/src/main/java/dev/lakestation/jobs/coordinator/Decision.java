package dev.lakestation.jobs.coordinator;

import java.time.Instant;

/**
 * One thing the coordinator decided, returned by every step of the {@link Coordinator} (and what the service logs).
 *
 * @param at       coordinator time
 * @param type     what happened
 * @param pipeline the pipeline concerned, or null
 * @param runId    the run concerned, or null
 * @param detail   a sentence for people (why, what it waits for, the error)
 */
public record Decision(Instant at, Type type, String pipeline, String runId, String detail) {

    /** Kinds of decisions. */
    public enum Type {
        /** a run was created (cron tick, inputs ready, files arrived, manual) */
        TRIGGERED,
        /** an attempt started */
        STARTED,
        SUCCEEDED,
        FAILED,
        TIMED_OUT,
        SKIPPED,
        /** a step that does not apply here was skipped (a station table without a broker); the run goes on */
        STEP_SKIPPED,
        RETRY_SCHEDULED,
        /** preload not ready: poked again later */
        PRELOAD_WAITING,
        /** a dataset-triggered task is not ready yet: says for which inputs it waits */
        WAITING,
        /** a manual trigger named a run that already exists: not started again */
        ALREADY_RAN,
        /** an event already handled (same event id) was dropped */
        DUPLICATE_EVENT,
        /** a run found in progress at restart: its attempt is counted as failed */
        INTERRUPTED,
        FRESHNESS_WARN,
        FRESHNESS_ERROR
    }

    @Override
    public String toString() {
        return at + " " + type + (runId != null ? " " + runId : pipeline != null ? " " + pipeline : "")
                + (detail == null ? "" : ": " + detail);
    }
}
