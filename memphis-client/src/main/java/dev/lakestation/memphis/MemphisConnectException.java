package dev.lakestation.memphis;

/** The broker at {@code host:port} could not be reached (or the connection was lost for good). */
public class MemphisConnectException extends MemphisException {
    public MemphisConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
