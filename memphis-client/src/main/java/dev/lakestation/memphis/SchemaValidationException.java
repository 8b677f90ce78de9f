package dev.lakestation.memphis;

/**
 * A payload failed its station's schema ("Schema validation has failed: ..."), or a schema itself is
 * invalid or of an unsupported type. The message names the violation (and the station when known).
 */
public class SchemaValidationException extends MemphisException {
    public SchemaValidationException(String message) {
        super(message);
    }

    public SchemaValidationException(String message, Throwable cause) {
        super(message, cause);
    }
}
