package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-message options of {@link Producer#produce}: user headers, message id (idempotency), and the
 * partition — by key (murmur3, as the Go/Python SDKs) or by number; round robin when neither is set.
 *
 * <pre>{@code
 * producer.produce(bytes, ProduceOptions.builder()
 *         .header("source", "web").msgId("order-42").partitionKey("customer-7").build());
 * }</pre>
 */
@PublicEvolving
public final class ProduceOptions {
    /** No headers, no id, round robin. */
    public static final ProduceOptions NONE = builder().build();

    private final Map<String, String> headers;
    private final String msgId;
    private final String partitionKey;
    private final int partitionNumber;

    private ProduceOptions(Builder b) {
        this.headers = b.headers.isEmpty() ? Map.of() : Map.copyOf(b.headers);
        this.msgId = b.msgId;
        this.partitionKey = b.partitionKey;
        this.partitionNumber = b.partitionNumber;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ProduceOptions msgId(String msgId) {
        return builder().msgId(msgId).build();
    }

    public static ProduceOptions partitionKey(String key) {
        return builder().partitionKey(key).build();
    }

    public static ProduceOptions partition(int partitionNumber) {
        return builder().partitionNumber(partitionNumber).build();
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String msgId() {
        return msgId;
    }

    public String partitionKey() {
        return partitionKey;
    }

    /** Explicit partition number, or -1. */
    public int partitionNumber() {
        return partitionNumber;
    }

    boolean plain() {
        return headers.isEmpty() && msgId == null;
    }

    public static final class Builder {
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String msgId;
        private String partitionKey;
        private int partitionNumber = -1;

        private Builder() {}

        /** A user header; keys starting with {@code $memphis} are reserved and refused. */
        public Builder header(String key, String value) {
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("header key can not be empty");
            }
            if (key.startsWith(MemphisHeaders.RESERVED_PREFIX)) {
                throw new IllegalArgumentException("keys in headers should not start with $memphis: '" + key + "'");
            }
            headers.put(key, value);
            return this;
        }

        public Builder headers(Map<String, String> headers) {
            headers.forEach(this::header);
            return this;
        }

        /** Message id: duplicates within the station's idempotency window are stored once. */
        public Builder msgId(String msgId) {
            if (msgId != null && msgId.isEmpty()) {
                throw new IllegalArgumentException("msg_id can not be empty");
            }
            this.msgId = msgId;
            return this;
        }

        public Builder partitionKey(String partitionKey) {
            this.partitionKey = partitionKey;
            return this;
        }

        public Builder partitionNumber(int partitionNumber) {
            this.partitionNumber = partitionNumber;
            return this;
        }

        public ProduceOptions build() {
            if (partitionKey != null && partitionNumber >= 0) {
                throw new IllegalArgumentException("can not use both partition number and partition key");
            }
            return new ProduceOptions(this);
        }
    }
}
