package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;
import java.util.List;
import java.util.Map;

/**
 * Callback of {@link Consumer#consume}: a non-empty batch, or an error (with an empty batch), plus
 * the consumer's context object.
 *
 * <pre>{@code
 * consumer.consume((messages, error, context) -> {
 *     if (error != null) { log.warn("fetch failed", error); return; }
 *     for (MemphisMessage m : messages) { handle(m.dataAsString()); m.ack(); }
 * });
 * }</pre>
 */
@FunctionalInterface
@PublicEvolving
public interface MessageHandler {
    void handle(List<MemphisMessage> messages, MemphisException error, Map<String, Object> context);
}
