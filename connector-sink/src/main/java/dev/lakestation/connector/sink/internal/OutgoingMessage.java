package dev.lakestation.connector.sink.internal;

import org.apache.flink.annotation.Internal;
import dev.lakestation.memphis.internal.StationNames;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * A message routed to one partition, ready to publish: station, partition number (0 = legacy
 * station), message id, user headers, payload. Also the unit stored in write-ahead committables.
 */
@Internal
public record OutgoingMessage(
        String station, int partition, @Nullable String messageId, Map<String, String> headers, byte[] payload) {

    public String subject() {
        return StationNames.dataSubject(station, partition);
    }
}
