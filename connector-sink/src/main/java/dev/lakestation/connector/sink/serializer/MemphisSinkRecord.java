package dev.lakestation.connector.sink.serializer;

import org.apache.flink.annotation.PublicEvolving;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.annotation.Nullable;

/**
 * One message to publish: payload, user headers, optional message id, and where it goes (station,
 * partition key or partition number). Unset routing fields fall back to the sink's defaults
 * (fixed station or station selector; round robin over the station's partitions).
 *
 * <pre>{@code
 * MemphisSinkRecord r = MemphisSinkRecord.builder(payload).header("source", "crm")
 *         .messageId("orders:1:42").partitionKey(order.customerId()).build();
 * }</pre>
 */
@PublicEvolving
public final class MemphisSinkRecord {
    /** No explicit partition. */
    public static final int NO_PARTITION = -1;

    private final byte[] payload;
    private final Map<String, String> headers;
    @Nullable private final String messageId;
    @Nullable private final String partitionKey;
    private final int partition;
    @Nullable private final String station;

    private MemphisSinkRecord(byte[] payload) {
        this.payload = Objects.requireNonNull(payload, "payload");
        this.headers = Collections.emptyMap();
        this.messageId = null;
        this.partitionKey = null;
        this.partition = NO_PARTITION;
        this.station = null;
    }

    private MemphisSinkRecord(Builder b) {
        this.payload = b.payload;
        this.headers = b.headers == null ? Collections.emptyMap() : Collections.unmodifiableMap(b.headers);
        this.messageId = b.messageId;
        this.partitionKey = b.partitionKey;
        this.partition = b.partition;
        this.station = b.station;
    }

    public static Builder builder(byte[] payload) {
        return new Builder(payload);
    }

    /** A record with only a payload: default station, round robin, no message id. */
    public static MemphisSinkRecord of(byte[] payload) {
        return new MemphisSinkRecord(payload);
    }

    public byte[] payload() {
        return payload;
    }

    public Map<String, String> headers() {
        return headers;
    }

    @Nullable
    public String messageId() {
        return messageId;
    }

    @Nullable
    public String partitionKey() {
        return partitionKey;
    }

    /** Explicit partition number (as in the station's partitions list), or {@link #NO_PARTITION}. */
    public int partition() {
        return partition;
    }

    @Nullable
    public String station() {
        return station;
    }

    /** Builder; {@link #build()} checks the Memphis rules (key xor partition, no {@code $memphis} headers). */
    public static final class Builder {
        private final byte[] payload;
        private Map<String, String> headers;
        private String messageId;
        private String partitionKey;
        private int partition = NO_PARTITION;
        private String station;

        private Builder(byte[] payload) {
            this.payload = Objects.requireNonNull(payload, "payload");
        }

        public Builder header(String key, String value) {
            if (headers == null) {
                headers = new LinkedHashMap<>();
            }
            headers.put(Objects.requireNonNull(key, "header key"), Objects.requireNonNull(value, "header value"));
            return this;
        }

        public Builder headers(Map<String, String> all) {
            all.forEach(this::header);
            return this;
        }

        public Builder messageId(@Nullable String id) {
            this.messageId = id;
            return this;
        }

        public Builder partitionKey(@Nullable String key) {
            this.partitionKey = key;
            return this;
        }

        public Builder partition(int partitionNumber) {
            this.partition = partitionNumber;
            return this;
        }

        public Builder station(@Nullable String stationName) {
            this.station = stationName;
            return this;
        }

        public MemphisSinkRecord build() {
            if (partitionKey != null && partition != NO_PARTITION) {
                throw new IllegalArgumentException(
                        "a record can have a partition key or a partition number, not both (key '"
                                + partitionKey + "', partition " + partition + ")");
            }
            if (partition != NO_PARTITION && partition < 1) {
                throw new IllegalArgumentException("partition numbers start at 1, got " + partition);
            }
            if (messageId != null && messageId.isEmpty()) {
                throw new IllegalArgumentException("message id must not be empty");
            }
            if (headers != null) {
                for (String k : headers.keySet()) {
                    if (k.startsWith("$memphis")) {
                        throw new IllegalArgumentException(
                                "header '" + k + "': keys starting with $memphis are reserved by Memphis");
                    }
                }
            }
            return new MemphisSinkRecord(this);
        }
    }
}
