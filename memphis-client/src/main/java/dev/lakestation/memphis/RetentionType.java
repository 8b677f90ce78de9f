package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;

/**
 * How a station limits what it keeps; the wire names are the broker's.
 *
 * <pre>{@code
 * StationOptions.builder("clicks").retention(RetentionType.BYTES, 512L * 1024 * 1024).build();
 * }</pre>
 */
@PublicEvolving
public enum RetentionType {
    /** Keep messages for {@code value} seconds (JetStream MaxAge). */
    MAX_MESSAGE_AGE_SECONDS("message_age_sec"),
    /** Keep at most {@code value} messages per partition (MaxMsgs). */
    MESSAGES("messages"),
    /** Keep at most {@code value} bytes per partition (MaxBytes). */
    BYTES("bytes"),
    /** Keep a message until every consumer group acknowledged it (Interest retention). */
    ACK_BASED("ack_based");

    private final String wire;

    RetentionType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static RetentionType fromWire(String wire) {
        for (RetentionType t : values()) {
            if (t.wire.equalsIgnoreCase(wire) || t.name().equalsIgnoreCase(wire)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown retention type '" + wire + "'");
    }
}
