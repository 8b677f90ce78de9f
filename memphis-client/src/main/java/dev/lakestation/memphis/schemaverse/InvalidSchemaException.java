package dev.lakestation.memphis.schemaverse;

import dev.lakestation.memphis.annotation.PublicEvolving;
import dev.lakestation.memphis.SchemaValidationException;

/**
 * A schema cannot be used: its content does not parse or compile, its type is unknown, or the type is
 * not supported by this client. The message carries the parser's own explanation. A
 * {@link SchemaValidationException}, as the {@link SchemaValidatorFactory} contract asks.
 */
@PublicEvolving
public class InvalidSchemaException extends SchemaValidationException {
    public InvalidSchemaException(String message) {
        super(message);
    }

    public InvalidSchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
