package dev.lakestation.connector.sink;

import java.io.Serializable;
import javax.annotation.Nullable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Deterministic message id of a record, sent as {@code msg-id} and {@code Nats-Msg-Id} so the broker
 * drops a replayed duplicate inside the station's idempotency window. The id must be the same
 * every time the same record is replayed (for a pass-through job: the source station, partition and
 * sequence; otherwise a business key) and different for different records.
 *
 * <pre>{@code
 * MessageIdExtractor<Order> ids = order -> "order-" + order.id();
 * }</pre>
 */
@PublicEvolving
@FunctionalInterface
public interface MessageIdExtractor<T> extends Serializable {
    /** The id, or {@code null} for a record without one (it is then not deduplicated). */
    @Nullable
    String messageId(T element);
}
