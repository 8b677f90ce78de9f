package dev.lakestation.schema.types;

/**
 * Compiled check-and-convert step of one {@link SlType}. Implementations are immutable and thread-safe:
 * everything expensive (regex {@link java.util.regex.Pattern}, {@link java.time.format.DateTimeFormatter})
 * is built once when the type is compiled.
 */
interface ValueParser {

    /**
     * Checks {@code raw} (never null) and converts it.
     *
     * @return the Avro-ready value, or {@link SlType#MISMATCH} when the value does not match the type's pattern,
     *     or {@link SlType#NOT_CONVERTIBLE} when it matches but does not fit the primitive type (overflow...)
     */
    Object parse(String raw);
}
