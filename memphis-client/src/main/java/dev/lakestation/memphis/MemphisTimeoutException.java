package dev.lakestation.memphis;

/** A control request or a publish acknowledgement did not arrive in time. */
public class MemphisTimeoutException extends MemphisException {
    public MemphisTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
