package dev.lakestation.schema.validation;

import org.apache.avro.generic.GenericRecord;

/**
 * Outcome of validating one record: accepted (a typed Avro record), rejected (all errors), or accepted but
 * removed by the table {@code filter}.
 *
 * <pre>{@code
 * ValidationResult r = validator.validate(row, ctx);
 * if (r instanceof ValidationResult.Accepted a) write(a.record());
 * else if (r instanceof ValidationResult.Rejected x) reject(x.rejection().render(ctx.inputFileName()));
 * }</pre>
 */
public sealed interface ValidationResult {

    /** A valid record, typed and transformed; its schema is {@code AvroSchemas.forSpec(spec)}. */
    record Accepted(GenericRecord record) implements ValidationResult {
    }

    /** An invalid record and every reason. */
    record Rejected(Rejection rejection) implements ValidationResult {
    }

    /**
     * A record the table filter did not keep (Starlake drops it silently from the output). {@code record} is the
     * valid record, or null when a POSITION table's filter dropped the raw line before validation.
     */
    record Filtered(GenericRecord record) implements ValidationResult {
    }

    default boolean isAccepted() {
        return this instanceof Accepted;
    }

    default boolean isRejected() {
        return this instanceof Rejected;
    }
}
