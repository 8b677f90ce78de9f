package dev.lakestation.connector.source;

import org.apache.flink.annotation.PublicEvolving;

/** When the source acks messages on the broker. */
@PublicEvolving
public enum AckMode {
    /**
     * Default. A message is acked after the checkpoint that contains it completed; restored jobs ack,
     * but do not re-emit, redeliveries of messages already in restored state: exactly-once into Flink
     * state. Requires checkpointing.
     */
    ON_CHECKPOINT,
    /**
     * For jobs without checkpointing: a message is acked right after it was handed to Flink.
     * Messages still in flight inside the job when it fails are lost (at-most-once for those).
     */
    AFTER_EMIT
}
