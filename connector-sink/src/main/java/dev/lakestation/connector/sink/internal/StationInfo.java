package dev.lakestation.connector.sink.internal;

import java.time.Duration;
import java.util.List;

/**
 * What the sink needs to know about a station: its partitions list (empty for a legacy station,
 * whose data subject is {@code <internal>.final}) and its idempotency window (JetStream
 * {@code duplicate_window}; the smallest over its partitions).
 */
public record StationInfo(String name, List<Integer> partitions, Duration idempotencyWindow) {
    public StationInfo {
        partitions = List.copyOf(partitions);
    }

    public boolean legacy() {
        return partitions.isEmpty();
    }
}
