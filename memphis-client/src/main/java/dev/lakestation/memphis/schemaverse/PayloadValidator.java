package dev.lakestation.memphis.schemaverse;

import dev.lakestation.memphis.annotation.PublicEvolving;

/**
 * A compiled schema that checks message payloads. Instances are immutable and thread-safe: compile
 * once with {@link PayloadValidators#create}, then call {@link #validate} for every message from any
 * thread. A {@link SchemaValidator} that also tells its {@link SchemaType} and reports
 * {@link SchemaViolationException}s listing each violation.
 *
 * <pre>{@code
 * PayloadValidator v = PayloadValidators.create("json", "{\"type\":\"object\",\"required\":[\"id\"]}");
 * v.validate("{\"id\":1}".getBytes(StandardCharsets.UTF_8)); // passes
 * v.validate("{}".getBytes(StandardCharsets.UTF_8));         // throws, naming "id"
 * }</pre>
 */
@PublicEvolving
public interface PayloadValidator extends SchemaValidator {
    /** The schema type this validator implements. */
    SchemaType type();

    /**
     * Checks one payload.
     *
     * @throws SchemaViolationException naming the offending location(s) and reason(s)
     */
    @Override
    void validate(byte[] payload) throws SchemaViolationException;
}
