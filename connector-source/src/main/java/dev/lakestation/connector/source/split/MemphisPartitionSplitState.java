package dev.lakestation.connector.source.split;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.apache.flink.annotation.Internal;

/**
 * Live state of one split inside a reader. Shared by three threads, hence synchronized:
 * the fetcher (records deliveries and their reply subjects), the task thread (marks sequences
 * emitted, snapshots) and the acker (confirms acks).
 *
 * <p>Checkpointed: {@code lastEmittedSeq} and {@code pendingAcks} (stream sequences emitted into
 * Flink whose ack the broker has not confirmed). Not checkpointed: the reply subject of every message
 * delivered to this incarnation ({@code inFlight}); reply subjects change on redelivery, stream
 * sequences do not, so only sequences go into checkpoints.
 */
@Internal
public final class MemphisPartitionSplitState {
    private final MemphisPartitionSplit split;
    private final SequenceRanges pendingAcks;
    /** Pending acks inherited from a restored checkpoint: their redeliveries are acked, not emitted. */
    private final SequenceRanges restoredPending;
    private long lastEmittedSeq;
    private volatile long lastAckedSeq;
    private final Map<Long, InFlight> inFlight = new ConcurrentHashMap<>();

    /** Reply subject of a message delivered to this reader incarnation, and when it was last touched. */
    public static final class InFlight {
        public final String replyTo;
        volatile long touchedNanos;

        InFlight(String replyTo, long touchedNanos) {
            this.replyTo = replyTo;
            this.touchedNanos = touchedNanos;
        }
    }

    public MemphisPartitionSplitState(MemphisPartitionSplit split) {
        this.split = split;
        this.pendingAcks = split.pendingAcks();
        this.restoredPending = split.pendingAcks();
        this.lastEmittedSeq = split.lastEmittedSequence();
    }

    public MemphisPartitionSplit split() {
        return split;
    }

    public String splitId() {
        return split.splitId();
    }

    /** Task thread: the message with this sequence was handed to Flink. */
    public synchronized void emitted(long seq) {
        pendingAcks.add(seq);
        if (seq > lastEmittedSeq) {
            lastEmittedSeq = seq;
        }
    }

    /** The split as it goes into a checkpoint. */
    public synchronized MemphisPartitionSplit toSplit() {
        return new MemphisPartitionSplit(split.station(), split.partition(), split.stopSequence(),
                split.stopTimestampMillis(), lastEmittedSeq, new SequenceRanges(pendingAcks));
    }

    public synchronized SequenceRanges pendingAcks() {
        return new SequenceRanges(pendingAcks);
    }

    public synchronized long pendingAckCount() {
        return pendingAcks.size();
    }

    public synchronized long lastEmittedSeq() {
        return lastEmittedSeq;
    }

    public long lastAckedSeq() {
        return lastAckedSeq;
    }

    /** Fetcher thread: is this (re)delivery one whose effect is already in restored Flink state? */
    public synchronized boolean isRestoredPending(long seq) {
        return !restoredPending.isEmpty() && restoredPending.contains(seq);
    }

    public synchronized long restoredPendingCount() {
        return restoredPending.size();
    }

    /**
     * Fetcher thread: records a delivery. Returns false when the sequence was already delivered to
     * this incarnation (a redelivery after ack wait expiry): the caller drops it.
     */
    public boolean recordDelivery(long seq, String replyTo) {
        InFlight previous = inFlight.put(seq, new InFlight(replyTo, System.nanoTime()));
        return previous == null;
    }

    /** Forgets a delivery that will not be emitted (e.g. past the stop bound and nak'ed). */
    public void forgetDelivery(long seq) {
        inFlight.remove(seq);
    }

    /** Reply subject to ack this sequence with, or null when it was not delivered to this incarnation. */
    public String replyTo(long seq) {
        InFlight f = inFlight.get(seq);
        return f == null ? null : f.replyTo;
    }

    public int inFlightCount() {
        return inFlight.size();
    }

    /** Acker: the broker confirmed the ack of this sequence. */
    public void ackConfirmed(long seq) {
        synchronized (this) {
            pendingAcks.remove(seq);
            restoredPending.remove(seq);
            if (seq > lastAckedSeq) {
                lastAckedSeq = seq;
            }
        }
        inFlight.remove(seq);
    }

    /** Visits in-flight deliveries not touched for {@code olderThanNanos} and marks them touched. */
    public void forEachStale(long olderThanNanos, BiConsumer<Long, String> action) {
        long now = System.nanoTime();
        for (Map.Entry<Long, InFlight> e : inFlight.entrySet()) {
            InFlight f = e.getValue();
            if (now - f.touchedNanos >= olderThanNanos) {
                f.touchedNanos = now;
                action.accept(e.getKey(), f.replyTo);
            }
        }
    }
}
