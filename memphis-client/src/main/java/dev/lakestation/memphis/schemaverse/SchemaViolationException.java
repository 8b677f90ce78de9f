package dev.lakestation.memphis.schemaverse;

import dev.lakestation.memphis.annotation.PublicEvolving;
import dev.lakestation.memphis.SchemaValidationException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A payload failed validation against its schema. {@link #violations()} names each offending
 * location and reason; the message reads like the SDKs' {@code Schema validation has failed: ...}.
 * It is the client's {@link SchemaValidationException}, so producers handle it like any other
 * validation failure.
 */
@PublicEvolving
public class SchemaViolationException extends SchemaValidationException {
    private final SchemaType schemaType;
    private final List<SchemaViolation> violations;

    public SchemaViolationException(SchemaType schemaType, List<SchemaViolation> violations) {
        super("Schema validation has failed (" + schemaType + "): "
                + violations.stream().map(SchemaViolation::toString).collect(Collectors.joining("; ")));
        this.schemaType = schemaType;
        this.violations = List.copyOf(violations);
    }

    public SchemaViolationException(SchemaType schemaType, SchemaViolation violation) {
        this(schemaType, List.of(violation));
    }

    public SchemaType schemaType() {
        return schemaType;
    }

    public List<SchemaViolation> violations() {
        return violations;
    }
}
