package dev.lakestation.schema.model;

import java.util.Optional;

/**
 * Per-attribute trimming applied before validation, as Starlake's {@code Trim}: which side of a string value
 * loses its spaces. Used by the model (parsed from {@code trim:}) and by the record validator.
 *
 * <pre>{@code
 * Trim.parse("both").orElseThrow().apply("  a b ");   // "a b"
 * }</pre>
 */
public enum Trim {
    LEFT, RIGHT, BOTH, NONE;

    /** Parses {@code LEFT|RIGHT|BOTH|NONE} case-insensitively; empty when unknown. */
    public static Optional<Trim> parse(String value) {
        return EnumNames.parse(Trim.class, value);
    }

    /** Applies the trim (Spark's trim functions remove spaces only, like {@code ltrim}/{@code rtrim}/{@code trim}). */
    public String apply(String s) {
        if (s == null || this == NONE) {
            return s;
        }
        int start = 0;
        int end = s.length();
        if (this == LEFT || this == BOTH) {
            while (start < end && s.charAt(start) == ' ') {
                start++;
            }
        }
        if (this == RIGHT || this == BOTH) {
            while (end > start && s.charAt(end - 1) == ' ') {
                end--;
            }
        }
        return start == 0 && end == s.length() ? s : s.substring(start, end);
    }
}
