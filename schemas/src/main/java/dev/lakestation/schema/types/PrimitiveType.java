package dev.lakestation.schema.types;

import java.util.Locale;
import java.util.Optional;

/**
 * Starlake's primitive types: the storage type behind every catalogue type.
 * Names are those used in {@code primitiveType:} of a types file.
 */
public enum PrimitiveType {
    STRING, VARIANT, LONG, INT, SHORT, DOUBLE, DECIMAL, BOOLEAN, BYTE, DATE, TIMESTAMP, STRUCT;

    /** The lower-case name used in YAML and in Starlake's messages ({@code long}, {@code timestamp}...). */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a YAML {@code primitiveType} value (case-insensitive). */
    public static Optional<PrimitiveType> fromValue(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (PrimitiveType p : values()) {
            if (p.value().equalsIgnoreCase(value.trim())) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return value();
    }
}
