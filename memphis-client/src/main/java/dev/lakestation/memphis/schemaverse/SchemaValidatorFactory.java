package dev.lakestation.memphis.schemaverse;

import dev.lakestation.memphis.annotation.PublicEvolving;
import dev.lakestation.memphis.SchemaValidationException;

/**
 * Compiles schemas of one type into {@link SchemaValidator}s. Implementations are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.lakestation.memphis.schemaverse.SchemaValidatorFactory})
 * or registered with {@link SchemaValidators#register}.
 *
 * <pre>{@code
 * SchemaValidators.register(new SchemaValidatorFactory() {
 *     public String type() { return "json"; }              // replaces the built-in JSON Schema validator
 *     public SchemaValidator create(Schema schema) { return payload -> myCheck(schema, payload); }
 * });
 * }</pre>
 */
@PublicEvolving
public interface SchemaValidatorFactory {
    /** Schema type handled, lowercase: {@code json}, {@code avro}, {@code protobuf} or {@code graphql}. */
    String type();

    /**
     * Compiles a schema.
     *
     * @throws SchemaValidationException when the schema content itself is invalid (names the problem)
     */
    SchemaValidator create(Schema schema) throws SchemaValidationException;
}
