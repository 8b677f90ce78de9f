package dev.lakestation.connector.source;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Where a bounded source stops, per partition.
 *
 * <pre>{@code
 * StopCondition.latestAtStart();     // the last message each partition held when the job started
 * StopCondition.sequence(5000);      // stream sequence 5000 (inclusive) in every partition
 * StopCondition.timestamp(Instant.parse("2026-01-02T00:00:00Z")); // messages stored up to this time
 * }</pre>
 */
@PublicEvolving
public final class StopCondition implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The kinds of stop condition; {@code NONE} is an unbounded source. */
    public enum Kind { NONE, LATEST_AT_START, SEQUENCE, TIMESTAMP }

    private final Kind kind;
    private final long value;

    private StopCondition(Kind kind, long value) {
        this.kind = kind;
        this.value = value;
    }

    public static StopCondition none() {
        return new StopCondition(Kind.NONE, 0);
    }

    public static StopCondition latestAtStart() {
        return new StopCondition(Kind.LATEST_AT_START, 0);
    }

    public static StopCondition sequence(long lastSequenceInclusive) {
        if (lastSequenceInclusive < 0) {
            throw new IllegalArgumentException("stop sequence must be ≥ 0, got " + lastSequenceInclusive);
        }
        return new StopCondition(Kind.SEQUENCE, lastSequenceInclusive);
    }

    public static StopCondition timestamp(Instant lastTimeInclusive) {
        return new StopCondition(Kind.TIMESTAMP, lastTimeInclusive.toEpochMilli());
    }

    public static StopCondition timestamp(long epochMillis) {
        return new StopCondition(Kind.TIMESTAMP, epochMillis);
    }

    static StopCondition of(Kind kind, Long value) {
        if ((kind == Kind.SEQUENCE || kind == Kind.TIMESTAMP) && value == null) {
            throw new IllegalArgumentException("stop condition " + kind + " needs '"
                    + MemphisSourceOptions.STOP_VALUE.key() + "'");
        }
        switch (kind) {
            case SEQUENCE:
                return sequence(value);
            case TIMESTAMP:
                return timestamp(value);
            case LATEST_AT_START:
                return latestAtStart();
            default:
                return none();
        }
    }

    public Kind kind() {
        return kind;
    }

    public long value() {
        return value;
    }

    public boolean isBounded() {
        return kind != Kind.NONE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StopCondition && ((StopCondition) o).kind == kind && ((StopCondition) o).value == value;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, value);
    }

    @Override
    public String toString() {
        return kind == Kind.SEQUENCE || kind == Kind.TIMESTAMP ? kind + "(" + value + ")" : kind.name();
    }
}
