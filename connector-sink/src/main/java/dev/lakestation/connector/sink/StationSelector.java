package dev.lakestation.connector.sink;

import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Picks the station of each record.
 *
 * <pre>{@code
 * StationSelector<Event> byType = e -> "events." + e.type();
 * }</pre>
 */
@PublicEvolving
@FunctionalInterface
public interface StationSelector<T> extends Serializable {
    String station(T element);
}
