package dev.lakestation.jobs.transform;

import java.time.Duration;

/**
 * The outcome of one transform task.
 *
 * @param version the table version written, -1 when nothing was committed
 * @param message "success" or why it failed (one line naming the task and its file)
 * @param event   the dataset event published on success, else null
 * @param timings where the time went ({@link TransformTimings#NONE} for a failed task)
 */
public record TransformReport(String task, boolean success, long rows, long version, Duration duration,
                              String message, dev.lakestation.jobs.audit.DatasetEvent event,
                              TransformTimings timings) {
}
