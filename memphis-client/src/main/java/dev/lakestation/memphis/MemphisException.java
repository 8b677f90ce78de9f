package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;

/**
 * Base of every error the Memphis client raises. Unchecked: callers catch the subclasses they can
 * handle ({@link StationNotFoundException}, {@link MessageTooLargeException}, ...) and let the rest
 * propagate. Messages name the station, partition and sequence involved when there is one.
 *
 * <pre>{@code
 * try {
 *     producer.produce(order, ProduceOptions.msgId(order.id()));
 * } catch (SchemaValidationException e) {
 *     reject(order, e.getMessage());          // bad data: do not retry
 * } catch (MemphisException e) {
 *     retryLater(order);                      // same msg id: stored once within the idempotency window
 * }
 * }</pre>
 */
@PublicEvolving
public class MemphisException extends RuntimeException {
    public MemphisException(String message) {
        super(message);
    }

    public MemphisException(String message, Throwable cause) {
        super(message, cause);
    }
}
