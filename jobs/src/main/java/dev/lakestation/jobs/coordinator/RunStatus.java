package dev.lakestation.jobs.coordinator;

/** Where a run is. SUCCEEDED, FAILED, TIMED_OUT and SKIPPED are final. */
public enum RunStatus {
    /** created, not started yet (survives a restart: it starts then) */
    PENDING,
    /** a job call is in progress (found at restart: the coordinator died during it) */
    RUNNING,
    /** preload said not ready; poked again at {@code nextAt} */
    PRELOAD_WAIT,
    /** an attempt failed; the next one starts at {@code nextAt} */
    RETRY_WAIT,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    /** preload never became ready before {@code pre_load_timeout} (not a failure) */
    SKIPPED;

    /** True for SUCCEEDED, FAILED, TIMED_OUT and SKIPPED. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == TIMED_OUT || this == SKIPPED;
    }
}
