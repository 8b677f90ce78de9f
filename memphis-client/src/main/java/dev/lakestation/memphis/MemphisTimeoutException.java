package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;

/**
 * A control request or a publish acknowledgement did not arrive in time, or an async producer had no
 * room for another message within its ack wait.
 *
 * <pre>{@code
 * producer.produceAsync(bytes).exceptionally(e -> {
 *     if (e.getCause() instanceof MemphisTimeoutException) { resendWithSameMsgId(); }
 *     return null;
 * });
 * }</pre>
 */
@PublicEvolving
public class MemphisTimeoutException extends MemphisException {
    public MemphisTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
