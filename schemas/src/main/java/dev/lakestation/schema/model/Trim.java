package dev.lakestation.schema.model;

import java.util.Locale;
import java.util.Optional;

/** Per-attribute trimming applied before validation, as Starlake's {@code Trim}. */
public enum Trim {
    LEFT, RIGHT, BOTH, NONE;

    /** Parses {@code LEFT|RIGHT|BOTH|NONE} case-insensitively; empty when unknown. */
    public static Optional<Trim> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
