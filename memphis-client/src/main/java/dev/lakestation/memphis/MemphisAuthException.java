package dev.lakestation.memphis;

/** The broker refused the credentials (token, or user/password). Never retried. */
public class MemphisAuthException extends MemphisConnectException {
    public MemphisAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
