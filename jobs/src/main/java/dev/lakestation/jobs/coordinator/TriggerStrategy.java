package dev.lakestation.jobs.coordinator;

import java.util.Locale;

/** Starlake's {@code dataset_triggering_strategy}: a dataset-triggered task waits for ALL inputs (default) or ANY. */
public enum TriggerStrategy {
    ALL, ANY;

    /** {@code all} / {@code any}, any case. */
    public static TriggerStrategy parse(String text, String what) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": '" + text + "' is not 'all' or 'any'");
        }
    }
}
