package dev.lakestation.schema.model;

import java.util.Locale;
import java.util.Optional;

/** Starlake's enum values are read case-insensitively ({@code trim: both}, {@code type: upsert_by_key}). */
final class EnumNames {
    private EnumNames() {
    }

    /** The constant of {@code type} named {@code value} ignoring case and surrounding spaces; empty when unknown. */
    static <E extends Enum<E>> Optional<E> parse(Class<E> type, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
