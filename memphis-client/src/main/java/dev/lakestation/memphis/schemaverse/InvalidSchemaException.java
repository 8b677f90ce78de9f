package dev.lakestation.memphis.schemaverse;

/**
 * A schema cannot be used: its content does not parse or compile, its type is unknown, or the type is
 * not supported by this client. The message carries the parser's own explanation.
 */
public class InvalidSchemaException extends IllegalArgumentException {
    public InvalidSchemaException(String message) {
        super(message);
    }

    public InvalidSchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
