package dev.lakestation.connector.source.split;

import dev.lakestation.memphis.internal.StationNames;
import java.util.Objects;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One partition of one station, read through the consumer group's durable on the partition's stream.
 * Carries what a restored reader needs: the stop bound (bounded mode), the highest emitted stream
 * sequence, the stream sequences that were emitted into Flink but whose ack is not confirmed yet, and
 * every sequence that is done for this job ({@link EmittedSequences}: watermark + exceptions), which
 * decides what a redelivery is whatever the broker's consumer state says.
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
    private final EmittedSequences emitted;

    public MemphisPartitionSplit(String station, int partition, long stopSequence, long stopTimestampMillis) {
        this(station, partition, stopSequence, stopTimestampMillis, 0L, new SequenceRanges(),
                EmittedSequences.startingAfter(EmittedSequences.UNKNOWN));
    }

    /** As restored from format version 1: only the unconfirmed emitted sequences are known. */
    public MemphisPartitionSplit(
            String station,
            int partition,
            long stopSequence,
            long stopTimestampMillis,
            long lastEmittedSequence,
            SequenceRanges pendingAcks) {
        this(station, partition, stopSequence, stopTimestampMillis, lastEmittedSequence, pendingAcks,
                EmittedSequences.fromPending(pendingAcks));
    }

    public MemphisPartitionSplit(
            String station,
            int partition,
            long stopSequence,
            long stopTimestampMillis,
            long lastEmittedSequence,
            SequenceRanges pendingAcks,
            EmittedSequences emitted) {
        this.station = Objects.requireNonNull(station);
        this.partition = partition;
        this.stopSequence = stopSequence;
        this.stopTimestampMillis = stopTimestampMillis;
        this.lastEmittedSequence = lastEmittedSequence;
        this.pendingAcks = Objects.requireNonNull(pendingAcks);
        this.emitted = Objects.requireNonNull(emitted);
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

    /** Sequences done for this job (emitted, or below the watermark). A copy is returned. */
    public EmittedSequences emitted() {
        return emitted.copy();
    }

    EmittedSequences emittedUnsafe() {
        return emitted;
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
                && pendingAcks.equals(s.pendingAcks)
                && emitted.equals(s.emitted);
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
                + ", pendingAcks=" + pendingAcks + ", done=" + emitted + "}";
    }
}
