package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;

/**
 * A publish to a station partition failed (negative acknowledgement, no stream, connection lost);
 * the message names the producer, station and partition.
 *
 * <pre>{@code
 * try { producer.produce(bytes); }
 * catch (ProduceException e) { log.warn("not stored: {}", e.getMessage()); }
 * }</pre>
 */
@PublicEvolving
public class ProduceException extends MemphisException {
    public ProduceException(String message, Throwable cause) {
        super(message, cause);
    }
}
