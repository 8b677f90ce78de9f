package dev.lakestation.jobs.coordinator;

import java.time.Duration;

/**
 * A dataset's {@code freshness} ({@code metadata.freshness} of a table, {@code freshness} of a task): a warning when
 * its last event is {@code warn} old, an alert when {@code error} old. Either may be null.
 *
 * @param dataset {@code domain.table}
 * @param warn    age that raises FRESHNESS_WARN, or null
 * @param error   age that raises FRESHNESS_ERROR, or null
 */
public record FreshnessRule(String dataset, Duration warn, Duration error) {
}
