package dev.lakestation.connector.sink.internal;

import org.apache.flink.annotation.Internal;
import java.time.Duration;
import java.util.List;
import javax.annotation.Nullable;

/**
 * What the sink needs to know about a station: its partitions list (empty for a legacy station,
 * whose data subject is {@code <internal>.final}), its idempotency window (the JetStream
 * {@code duplicate_window} of its streams, the smallest one), and its schema settings.
 */
@Internal
public record SinkStation(String name, List<Integer> partitions, Duration idempotencyWindow,
        @Nullable String schemaName, boolean schemaFailuresToDls) {
    public SinkStation {
        partitions = List.copyOf(partitions);
    }

    public boolean legacy() {
        return partitions.isEmpty();
    }
}
