package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;

/**
 * The broker at {@code host:port} could not be reached within the connect timeout (or the connection
 * was lost for good). The message names {@code host:port} and the first error seen.
 *
 * <pre>{@code
 * try (Memphis m = Memphis.connect(options)) { ... }
 * catch (MemphisConnectException e) { System.err.println(e.getMessage()); } // "cannot connect to Memphis at h:6666: ..."
 * }</pre>
 */
@PublicEvolving
public class MemphisConnectException extends MemphisException {
    public MemphisConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
