package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;

/**
 * Headers on a dead letter written by the client on the JetStream control plane, next to the
 * original message's headers. {@code station} and {@code type} are the broker's own names.
 *
 * <pre>{@code
 * for (MemphisMessage dead : memphis.consumer("orders-dls", "inspector").fetch()) {
 *     System.out.println(dead.header(DeadLetterHeaders.TYPE) + " from " + dead.header(DeadLetterHeaders.STATION)
 *             + ": " + dead.header(DeadLetterHeaders.REASON));
 * }
 * }</pre>
 */
@PublicEvolving
public final class DeadLetterHeaders {
    /** Station the message came from. */
    public static final String STATION = "station";
    /** {@link #TYPE_POISON}, {@link #TYPE_NACKED} or {@link #TYPE_SCHEMA}. */
    public static final String TYPE = "type";
    /** Human-readable reason (the deadLetter reason, the validation error, max deliveries exceeded). */
    public static final String REASON = "reason";
    public static final String PARTITION = "partition";
    public static final String SEQUENCE = "seq";
    public static final String CONSUMER_GROUP = "cg_name";
    public static final String TYPE_POISON = "unacked";
    public static final String TYPE_NACKED = "nacked";
    public static final String TYPE_SCHEMA = "failed_schema";
    /** Producer name used for dead letters; such messages are never dead-lettered again. */
    public static final String PRODUCER = "$memphis_dls";

    private DeadLetterHeaders() {}
}
