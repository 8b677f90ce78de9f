package dev.lakestation.schema.privacy;

/**
 * A named privacy transformation applied to a column's (validated, prepared) text value.
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface PrivacyFunction {

    /** Transforms a non-null value. */
    String apply(String value);
}
