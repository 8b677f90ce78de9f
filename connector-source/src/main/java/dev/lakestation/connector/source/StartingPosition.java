package dev.lakestation.connector.source;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Where a consumer group starts reading a partition. Like Memphis' own {@code
 * start_consume_from_sequence}/{@code last_messages}, it applies when the group's durable consumer
 * is <em>created</em> on a partition; an existing group continues from its own position (its acks),
 * and a job restored from a checkpoint continues from that checkpoint. Partitions discovered while
 * the job runs always start at their earliest message.
 *
 * <pre>{@code
 * StartingPosition.groupPosition();        // default: the group's position, earliest for a new group
 * StartingPosition.latest();               // only messages produced after the group is created
 * StartingPosition.sequence(1000);         // from stream sequence 1000 in every partition
 * StartingPosition.lastMessages(50);       // the last 50 messages of every partition
 * StartingPosition.timestamp(Instant.parse("2026-01-01T00:00:00Z"));
 * }</pre>
 */
@PublicEvolving
public final class StartingPosition implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The kinds of starting position. */
    public enum Kind { GROUP, EARLIEST, LATEST, SEQUENCE, LAST_MESSAGES, TIMESTAMP }

    private final Kind kind;
    private final long value;

    private StartingPosition(Kind kind, long value) {
        this.kind = kind;
        this.value = value;
    }

    public static StartingPosition groupPosition() {
        return new StartingPosition(Kind.GROUP, 0);
    }

    public static StartingPosition earliest() {
        return new StartingPosition(Kind.EARLIEST, 0);
    }

    public static StartingPosition latest() {
        return new StartingPosition(Kind.LATEST, 0);
    }

    /** From this stream sequence (≥ 1) in every partition. */
    public static StartingPosition sequence(long sequence) {
        if (sequence < 1) {
            throw new IllegalArgumentException("starting sequence must be ≥ 1, got " + sequence);
        }
        return new StartingPosition(Kind.SEQUENCE, sequence);
    }

    /** The last {@code n} (≥ 1) messages of every partition. */
    public static StartingPosition lastMessages(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("last messages must be ≥ 1, got " + n);
        }
        return new StartingPosition(Kind.LAST_MESSAGES, n);
    }

    /** Messages stored at or after this time. */
    public static StartingPosition timestamp(Instant time) {
        return new StartingPosition(Kind.TIMESTAMP, time.toEpochMilli());
    }

    public static StartingPosition timestamp(long epochMillis) {
        return new StartingPosition(Kind.TIMESTAMP, epochMillis);
    }

    static StartingPosition of(Kind kind, Long value) {
        switch (kind) {
            case SEQUENCE:
                return sequence(require(kind, value));
            case LAST_MESSAGES:
                return lastMessages(require(kind, value));
            case TIMESTAMP:
                return timestamp(require(kind, value));
            default:
                return new StartingPosition(kind, 0);
        }
    }

    private static long require(Kind kind, Long value) {
        if (value == null) {
            throw new IllegalArgumentException("starting position " + kind + " needs '"
                    + MemphisSourceOptions.STARTING_POSITION_VALUE.key() + "'");
        }
        return value;
    }

    public Kind kind() {
        return kind;
    }

    /** Sequence, message count or epoch millis, depending on the kind. */
    public long value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StartingPosition && ((StartingPosition) o).kind == kind && ((StartingPosition) o).value == value;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, value);
    }

    @Override
    public String toString() {
        return kind == Kind.GROUP || kind == Kind.EARLIEST || kind == Kind.LATEST ? kind.name() : kind + "(" + value + ")";
    }
}
