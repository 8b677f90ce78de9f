package dev.lakestation.memphis.schemaverse;

import dev.lakestation.memphis.annotation.PublicEvolving;
import dev.lakestation.memphis.SchemaValidationException;

/**
 * Validates a payload against one compiled schema version. Implementations are thread-safe and
 * compiled once per schema version (the producer caches them), so {@link #validate} is the hot path.
 *
 * <pre>{@code
 * SchemaValidator v = SchemaValidators.forSchema(schema);
 * v.validate("{\"id\":1}".getBytes(UTF_8)); // throws SchemaValidationException naming the violation
 * }</pre>
 */
@FunctionalInterface
@PublicEvolving
public interface SchemaValidator {
    /** @throws SchemaValidationException naming the violation (field/path and rule) */
    void validate(byte[] payload) throws SchemaValidationException;
}
