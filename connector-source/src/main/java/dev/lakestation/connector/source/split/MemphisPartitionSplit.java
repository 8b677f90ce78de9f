package dev.lakestation.connector.source.split;

import dev.lakestation.memphis.StationNames;
import java.util.Objects;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One partition of one station, read through the consumer group's durable on the partition's stream.
 * Carries what a restored reader needs: the stop bound (bounded mode), the highest emitted stream
 * sequence and the stream sequences that were emitted into Flink but whose ack is not confirmed yet.
 *
 * <p>Split id: {@code <station>#<partition>} (station names cannot contain {@code #}).
 */
@Internal
public final class MemphisPartitionSplit implements SourceSplit {
    /** No stop bound. */
    public static final long NO_STOP = Long.MAX_VALUE;

    private final String station;
    private final int partition;
    private final long stopSequence;
    private final long stopTimestampMillis;
    private final long lastEmittedSequence;
    private final SequenceRanges pendingAcks;

    public MemphisPartitionSplit(String station, int partition, long stopSequence, long stopTimestampMillis) {
        this(station, partition, stopSequence, stopTimestampMillis, 0L, new SequenceRanges());
    }

    public MemphisPartitionSplit(
            String station,
            int partition,
            long stopSequence,
            long stopTimestampMillis,
            long lastEmittedSequence,
            SequenceRanges pendingAcks) {
        this.station = Objects.requireNonNull(station);
        this.partition = partition;
        this.stopSequence = stopSequence;
        this.stopTimestampMillis = stopTimestampMillis;
        this.lastEmittedSequence = lastEmittedSequence;
        this.pendingAcks = Objects.requireNonNull(pendingAcks);
    }

    public static String splitId(String station, int partition) {
        return station + "#" + partition;
    }

    @Override
    public String splitId() {
        return splitId(station, partition);
    }

    public String station() {
        return station;
    }

    /** Partition number (1-based), {@link StationNames#LEGACY} for a legacy station. */
    public int partition() {
        return partition;
    }

    public String streamName() {
        return StationNames.streamName(station, partition);
    }

    public String dataSubject() {
        return StationNames.dataSubject(station, partition);
    }

    public long stopSequence() {
        return stopSequence;
    }

    public long stopTimestampMillis() {
        return stopTimestampMillis;
    }

    public boolean isBounded() {
        return stopSequence != NO_STOP || stopTimestampMillis != NO_STOP;
    }

    public long lastEmittedSequence() {
        return lastEmittedSequence;
    }

    /** Emitted into Flink, ack not confirmed by the broker. A copy is returned. */
    public SequenceRanges pendingAcks() {
        return new SequenceRanges(pendingAcks);
    }

    SequenceRanges pendingAcksUnsafe() {
        return pendingAcks;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MemphisPartitionSplit)) {
            return false;
        }
        MemphisPartitionSplit s = (MemphisPartitionSplit) o;
        return partition == s.partition
                && stopSequence == s.stopSequence
                && stopTimestampMillis == s.stopTimestampMillis
                && lastEmittedSequence == s.lastEmittedSequence
                && station.equals(s.station)
                && pendingAcks.equals(s.pendingAcks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(station, partition, stopSequence, lastEmittedSequence);
    }

    @Override
    public String toString() {
        return "MemphisPartitionSplit{" + splitId()
                + (stopSequence != NO_STOP ? ", stopSeq=" + stopSequence : "")
                + (stopTimestampMillis != NO_STOP ? ", stopTime=" + stopTimestampMillis : "")
                + ", lastEmittedSeq=" + lastEmittedSequence
                + ", pendingAcks=" + pendingAcks + "}";
    }
}
