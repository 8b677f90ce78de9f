package dev.lakestation.schema.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Input file formats, as Starlake's {@code Format}.
 *
 * <p>{@code FIXED} is an alias of {@link #POSITION} and {@code JSON_ARRAY} of {@link #JSON}, both accepted
 * case-insensitively: {@code Format.parse("fixed")} gives {@code Optional.of(POSITION)}.
 */
public enum Format {
    DSV, POSITION, JSON, JSON_FLAT, XML, TEXT_XML, PARQUET, GENERIC, KAFKA, KAFKASTREAM, DATAFRAME;

    /** Parses a format name or alias; empty when unknown. */
    public static Optional<Format> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        switch (v) {
            case "FIXED":
                return Optional.of(POSITION);
            case "JSON_ARRAY":
                return Optional.of(JSON);
            default:
                for (Format f : values()) {
                    if (f.name().equals(v)) {
                        return Optional.of(f);
                    }
                }
                return Optional.empty();
        }
    }
}
