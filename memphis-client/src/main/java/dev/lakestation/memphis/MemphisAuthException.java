package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;

/**
 * The broker refused the credentials (token, or user/password). Never retried; the message names
 * the user and {@code host:port}, never the secret.
 *
 * <pre>{@code
 * try (Memphis m = Memphis.connect(options)) { ... }
 * catch (MemphisAuthException e) { System.err.println("check the credentials: " + e.getMessage()); }
 * }</pre>
 */
@PublicEvolving
public class MemphisAuthException extends MemphisConnectException {
    public MemphisAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
