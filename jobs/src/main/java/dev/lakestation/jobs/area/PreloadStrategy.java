package dev.lakestation.jobs.area;

import java.util.Locale;

/**
 * Starlake's pre-load strategies ({@code PreLoadStrategy}): how a DAG decides whether a load should run.
 *
 * <pre>{@code
 * PreloadStrategy.parse("imported"); // IMPORTED (case-insensitive)
 * }</pre>
 */
public enum PreloadStrategy {
    /** Always ready: every table counts 1. */
    NONE,
    /** Ready when the landing folder holds files a {@code stage} would move now (a dry run of stage). */
    IMPORTED,
    /** Ready when {@code stage/<domain>} holds files of the tables. */
    PENDING,
    /** Ready when the global ack file exists; it is then deleted. */
    ACK;

    /** The strategy named {@code name}, case-insensitive. */
    public static PreloadStrategy parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown preload strategy '" + name + "'; use none, imported, pending "
                    + "or ack");
        }
    }
}
