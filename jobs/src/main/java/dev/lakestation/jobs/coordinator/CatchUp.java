package dev.lakestation.jobs.coordinator;

/**
 * Cron ticks missed while the coordinator was down: run only the LATEST (default, Airflow's {@code catchup=False})
 * or ALL of them, oldest first.
 */
public enum CatchUp {
    LATEST, ALL
}
