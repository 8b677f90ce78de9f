package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;
import java.io.Serializable;
import java.time.Duration;

/**
 * How a consumer group's durable consumers are created on every partition.
 *
 * <pre>{@code
 * List<Integer> partitions = memphis.createConsumerGroup("orders", "billing",
 *         ConsumerGroupOptions.builder().maxAckTime(Duration.ofSeconds(60)).maxMsgDeliveries(5).build());
 * }</pre>
 *
 * Defaults (memphis-py): max ack time 30 s, max deliveries 2, start sequence 1, last messages -1
 * (deliver everything retained).
 */
@PublicEvolving
public final class ConsumerGroupOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Duration maxAckTime;
    private final int maxMsgDeliveries;
    private final long startConsumeFromSequence;
    private final long lastMessages;

    private ConsumerGroupOptions(Builder b) {
        this.maxAckTime = b.maxAckTime;
        this.maxMsgDeliveries = b.maxMsgDeliveries;
        this.startConsumeFromSequence = b.startConsumeFromSequence;
        this.lastMessages = b.lastMessages;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ConsumerGroupOptions defaults() {
        return builder().build();
    }

    public Duration maxAckTime() {
        return maxAckTime;
    }

    public int maxMsgDeliveries() {
        return maxMsgDeliveries;
    }

    public long startConsumeFromSequence() {
        return startConsumeFromSequence;
    }

    public long lastMessages() {
        return lastMessages;
    }

    @Override
    public String toString() {
        return "ConsumerGroupOptions{maxAckTime=" + maxAckTime + ", maxMsgDeliveries=" + maxMsgDeliveries
                + ", startConsumeFromSequence=" + startConsumeFromSequence + ", lastMessages=" + lastMessages + "}";
    }

    public static final class Builder {
        private Duration maxAckTime = Duration.ofSeconds(30);
        private int maxMsgDeliveries = 2;
        private long startConsumeFromSequence = 1;
        private long lastMessages = -1;

        private Builder() {}

        /** Ack wait of the durable; a non-positive value means 30 s. */
        public Builder maxAckTime(Duration maxAckTime) {
            this.maxAckTime = maxAckTime;
            return this;
        }

        /** Deliveries before a message is poison (1..10). */
        public Builder maxMsgDeliveries(int maxMsgDeliveries) {
            this.maxMsgDeliveries = maxMsgDeliveries;
            return this;
        }

        /** First stream sequence a new group consumes (≥1). */
        public Builder startConsumeFromSequence(long seq) {
            this.startConsumeFromSequence = seq;
            return this;
        }

        /** A new group starts with the last N messages of each partition (-1 = all, 0 = only new). */
        public Builder lastMessages(long lastMessages) {
            this.lastMessages = lastMessages;
            return this;
        }

        public ConsumerGroupOptions build() {
            if (maxAckTime == null || maxAckTime.isZero() || maxAckTime.isNegative()) {
                maxAckTime = Duration.ofSeconds(30);
            }
            if (maxMsgDeliveries < 1 || maxMsgDeliveries > 10) {
                throw new IllegalArgumentException("max_msg_deliveries must be between 1 and 10, got " + maxMsgDeliveries);
            }
            if (startConsumeFromSequence < 1) {
                throw new IllegalArgumentException("start_consume_from_sequence has to be a positive number, got "
                        + startConsumeFromSequence);
            }
            if (lastMessages < -1) {
                throw new IllegalArgumentException("min value for last_messages is -1, got " + lastMessages);
            }
            if (startConsumeFromSequence > 1 && lastMessages > -1) {
                throw new IllegalArgumentException(
                        "consumer creation options can't contain both start_consume_from_sequence and last_messages");
            }
            return new ConsumerGroupOptions(this);
        }
    }
}
