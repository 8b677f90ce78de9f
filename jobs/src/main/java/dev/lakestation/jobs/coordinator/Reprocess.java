package dev.lakestation.jobs.coordinator;

import java.util.Locale;

/**
 * What {@code lakestation backfill --reprocess} does with a period that already has a run (Airflow's backfill
 * {@code --reprocess-behavior}): NONE runs only periods without a run (default), FAILED also re-runs periods whose
 * last run FAILED, TIMED_OUT or was SKIPPED, ALL re-runs every period of the range.
 */
public enum Reprocess {
    NONE, FAILED, ALL;

    /** {@code none} / {@code failed} / {@code all}, any case. */
    public static Reprocess parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--reprocess: '" + text + "' is not none, failed or all");
        }
    }
}
