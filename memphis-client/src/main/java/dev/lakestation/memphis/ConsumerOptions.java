package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;
import dev.lakestation.memphis.internal.StationNames;
import java.time.Duration;
import java.util.Objects;

/**
 * A consumer (memphis-py {@code consumer(...)} arguments). The group defaults to the consumer name;
 * every member of a group shares the group's durable position.
 *
 * <pre>{@code
 * Consumer consumer = memphis.consumer(ConsumerOptions.builder("orders", "billing-1")
 *         .group("billing").batchSize(100).maxAckTime(Duration.ofSeconds(60)).build());
 * }</pre>
 *
 * Defaults: pull interval 1 s, batch size 10 (1..5000), batch max wait 100 ms (floor 100 ms), max ack
 * time 30 s, max deliveries 2 (≤10), start sequence 1, last messages -1.
 */
@PublicEvolving
public final class ConsumerOptions {
    private final String station;
    private final String name;
    private final String group;
    private final Duration pullInterval;
    private final int batchSize;
    private final Duration batchMaxWait;
    private final ConsumerGroupOptions groupOptions;
    private final String partitionKey;
    private final int partitionNumber;

    private ConsumerOptions(Builder b, ConsumerGroupOptions groupOptions) {
        this.station = b.station;
        this.name = b.genUniqueSuffix ? b.name + "_" + java.util.UUID.randomUUID().toString().substring(0, 8) : b.name;
        this.group = b.group == null ? b.name : b.group;
        this.pullInterval = b.pullInterval;
        this.batchSize = b.batchSize;
        this.batchMaxWait = b.batchMaxWait;
        this.groupOptions = groupOptions;
        this.partitionKey = b.partitionKey;
        this.partitionNumber = b.partitionNumber;
    }

    public static Builder builder(String station, String name) {
        return new Builder(station, name);
    }

    public String station() {
        return station;
    }

    public String name() {
        return name;
    }

    public String group() {
        return group;
    }

    public Duration pullInterval() {
        return pullInterval;
    }

    public int batchSize() {
        return batchSize;
    }

    public Duration batchMaxWait() {
        return batchMaxWait;
    }

    public ConsumerGroupOptions groupOptions() {
        return groupOptions;
    }

    public String partitionKey() {
        return partitionKey;
    }

    /** Partition to consume from, or -1 for key / round robin. */
    public int partitionNumber() {
        return partitionNumber;
    }

    public static final class Builder {
        private final String station;
        private final String name;
        private String group;
        private Duration pullInterval = Duration.ofSeconds(1);
        private int batchSize = 10;
        private Duration batchMaxWait = Duration.ofMillis(100);
        private final ConsumerGroupOptions.Builder groupOptions = ConsumerGroupOptions.builder();
        private String partitionKey;
        private int partitionNumber = -1;
        private boolean genUniqueSuffix;

        private Builder(String station, String name) {
            this.station = StationNames.validate("station", station);
            this.name = StationNames.validate("consumer", Objects.requireNonNull(name, "consumer name"));
        }

        public Builder group(String group) {
            this.group = group == null || group.isEmpty() ? null : StationNames.validate("consumer group", group);
            return this;
        }

        /** Pause of the {@link Consumer#consume} loop after an empty fetch. */
        public Builder pullInterval(Duration pullInterval) {
            this.pullInterval = Objects.requireNonNull(pullInterval);
            return this;
        }

        /** Messages per fetch, 1..5000. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 5000) {
                throw new IllegalArgumentException("batch size should be between 1 and 5000, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Longest wait of one fetch for a full batch (at least 100 ms). */
        public Builder batchMaxWait(Duration batchMaxWait) {
            this.batchMaxWait = batchMaxWait.toMillis() < 100 ? Duration.ofMillis(100) : batchMaxWait;
            return this;
        }

        public Builder maxAckTime(Duration maxAckTime) {
            groupOptions.maxAckTime(maxAckTime);
            return this;
        }

        public Builder maxMsgDeliveries(int maxMsgDeliveries) {
            groupOptions.maxMsgDeliveries(maxMsgDeliveries);
            return this;
        }

        public Builder startConsumeFromSequence(long sequence) {
            groupOptions.startConsumeFromSequence(sequence);
            return this;
        }

        public Builder lastMessages(long lastMessages) {
            groupOptions.lastMessages(lastMessages);
            return this;
        }

        /** Consume only the partition this key maps to. */
        public Builder partitionKey(String partitionKey) {
            this.partitionKey = partitionKey;
            return this;
        }

        /** Consume only this partition. */
        public Builder partitionNumber(int partitionNumber) {
            this.partitionNumber = partitionNumber;
            return this;
        }

        /** Appends a random suffix to the consumer name (memphis-py {@code generate_random_suffix}). */
        public Builder genUniqueSuffix(boolean on) {
            this.genUniqueSuffix = on;
            return this;
        }

        public ConsumerOptions build() {
            if (partitionKey != null && partitionNumber >= 0) {
                throw new IllegalArgumentException("can not use both partition number and partition key");
            }
            return new ConsumerOptions(this, groupOptions.build());
        }
    }
}
