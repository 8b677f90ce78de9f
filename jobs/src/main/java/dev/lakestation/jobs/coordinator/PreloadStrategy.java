package dev.lakestation.jobs.coordinator;

import java.util.Locale;

/**
 * Starlake's {@code pre_load_strategy}, checked before each load: NONE (always ready), IMPORTED (landing files ready
 * to stage), PENDING (staged files waiting), ACK (the global ack file exists). The check itself is the runner's
 * {@link JobRunner#runPreload}.
 */
public enum PreloadStrategy {
    NONE, IMPORTED, PENDING, ACK;

    /** {@code none|imported|pending|ack}, any case. */
    public static PreloadStrategy parse(String text, String what) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": '" + text + "' is not none, imported, pending or ack");
        }
    }
}
