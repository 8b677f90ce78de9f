package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;

/**
 * A payload failed its station's schema ("Schema validation has failed: ..."), or a schema itself is
 * invalid or of an unsupported type. The message names the violation (and the station when known).
 *
 * <pre>{@code
 * try { producer.produce("{\"name\":\"no id\"}"); }
 * catch (SchemaValidationException e) { System.err.println(e.getMessage()); } // Schema validation has failed: ...
 * }</pre>
 */
@PublicEvolving
public class SchemaValidationException extends MemphisException {
    public SchemaValidationException(String message) {
        super(message);
    }

    public SchemaValidationException(String message, Throwable cause) {
        super(message, cause);
    }
}
