package dev.lakestation.memphis;

/** A publish to a station partition failed (negative acknowledgement, no stream, connection lost). */
public class ProduceException extends MemphisException {
    public ProduceException(String message, Throwable cause) {
        super(message, cause);
    }
}
