package dev.lakestation.jobs.runner;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.JobID;

/** A submitted Flink job: live accumulators, its end, cancellation. */
public interface RunningJob {

    JobID id();

    /** The job's accumulators now (empty when not available yet); never throws. */
    Map<String, Object> accumulators();

    /**
     * Waits up to {@code timeout} for the job to end.
     *
     * @return the final accumulators, or empty when the timeout passed first
     * @throws JobFailedException when the job failed or was cancelled
     */
    java.util.Optional<Map<String, Object>> await(Duration timeout) throws JobFailedException, InterruptedException;

    void cancel();
}
