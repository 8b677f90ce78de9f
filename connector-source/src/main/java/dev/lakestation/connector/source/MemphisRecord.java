package dev.lakestation.connector.source;

import io.nats.client.impl.Headers;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;

/**
 * One message read from a station partition, as handed to a {@link
 * dev.lakestation.connector.source.deserializer.MemphisDeserializationSchema}.
 *
 * <pre>{@code
 * String traceId = record.header("trace-id");
 * long seq = record.sequence();          // JetStream stream sequence within the partition
 * Instant sent = record.timeSent();      // broker time the message was stored
 * }</pre>
 */
@PublicEvolving
public final class MemphisRecord {
    private final String station;
    private final int partition;
    private final long sequence;
    private final long timeSentMillis;
    private final long deliveryCount;
    private final Headers headers;
    private final byte[] data;

    public MemphisRecord(String station, int partition, long sequence, long timeSentMillis,
            long deliveryCount, Headers headers, byte[] data) {
        this.station = station;
        this.partition = partition;
        this.sequence = sequence;
        this.timeSentMillis = timeSentMillis;
        this.deliveryCount = deliveryCount;
        this.headers = headers;
        this.data = data == null ? new byte[0] : data;
    }

    /** External station name. */
    public String station() {
        return station;
    }

    /** Partition number (1-based; 0 for a legacy station without partitions). */
    public int partition() {
        return partition;
    }

    /** Stream sequence of the message inside its partition. */
    public long sequence() {
        return sequence;
    }

    /** Time the broker stored the message, epoch milliseconds (also the Flink record timestamp). */
    public long timeSentMillis() {
        return timeSentMillis;
    }

    public Instant timeSent() {
        return Instant.ofEpochMilli(timeSentMillis);
    }

    /** How often the broker delivered this message to the consumer group (1 on first delivery). */
    public long deliveryCount() {
        return deliveryCount;
    }

    /** Payload (never null). */
    public byte[] data() {
        return data;
    }

    /** First value of a header, or null. Includes Memphis' own {@code $memphis_*} headers. */
    public String header(String key) {
        return headers == null ? null : headers.getFirst(key);
    }

    /** All headers (read-only), in arrival order. */
    public Map<String, List<String>> headers() {
        if (headers == null || headers.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        for (String key : headers.keySet()) {
            copy.put(key, Collections.unmodifiableList(headers.get(key)));
        }
        return Collections.unmodifiableMap(copy);
    }

    /** The raw jnats headers (may be null), e.g. to forward them unchanged. */
    public Headers natsHeaders() {
        return headers;
    }

    /** {@code station/partition/sequence}, used in error messages. */
    public String coordinates() {
        return "station '" + station + "' partition " + partition + " sequence " + sequence;
    }

    @Override
    public String toString() {
        return "MemphisRecord{" + coordinates() + ", deliveries=" + deliveryCount + ", bytes=" + data.length + "}";
    }
}
