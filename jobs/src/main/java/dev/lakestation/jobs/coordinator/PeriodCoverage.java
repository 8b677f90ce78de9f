package dev.lakestation.jobs.coordinator;

import dev.lakestation.jobs.coordinator.CoordinatorState.DatasetStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Cron-period alignment, in one place for the coordinator's {@code all} rule and for status / why: input i on cron
 * C_i whose newest event is for tick t_i covers every task period P with P < next_{C_i}(t_i).
 */
final class PeriodCoverage {

    private PeriodCoverage() {
    }

    /** The newest period of {@code taskCron} that the events of {@code dataset} cover, or null (no event, no cron). */
    static Instant coveredUpTo(String dataset, ProjectPipelines pipelines, CoordinatorState state,
                               CronSchedule taskCron) {
        DatasetStatus d = state.datasets.get(Inputs.key(dataset));
        Optional<CronSchedule> c = pipelines.datasetCron(dataset);
        if (d == null || d.lastTick == null || c.isEmpty()) {
            return null;
        }
        return taskCron.floor(c.get().next(Instant.ofEpochMilli(d.lastTick)).minus(Duration.ofMinutes(1)));
    }
}
