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
 * <p>Checkpointed: {@code lastEmittedSeq}, {@code pendingAcks} (stream sequences emitted into
 * Flink whose ack the broker has not confirmed) and {@code done} (every sequence emitted into Flink
 * or known never to come, as watermark + exceptions). {@code done} is the authority on what a delivery
 * is: a broker killed without fsync may forget acks and deliveries and send old messages again,
 * with any delivery count; they are found in {@code done} and dropped. Not checkpointed: the reply subject of every message
 * delivered to this incarnation ({@code inFlight}); reply subjects change on redelivery, stream
 * sequences do not, so only sequences go into checkpoints.
 */
@Internal
public final class MemphisPartitionSplitState {
    private final MemphisPartitionSplit split;
    private final SequenceRanges pendingAcks;
    /** Pending acks inherited from a restored checkpoint: their redeliveries are acked, not emitted. */
    private final SequenceRanges restoredPending;
    private final EmittedSequences done;
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
        this.done = split.emitted();
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
        done.add(seq);
        if (seq > lastEmittedSeq) {
            lastEmittedSeq = seq;
        }
    }

    /** The split as it goes into a checkpoint. */
    public synchronized MemphisPartitionSplit toSplit() {
        return new MemphisPartitionSplit(split.station(), split.partition(), split.stopSequence(),
                split.stopTimestampMillis(), lastEmittedSeq, new SequenceRanges(pendingAcks), done.copy());
    }

    /** What a delivery from the broker is for this split. */
    public enum Delivery {
        /** Not emitted before: hand it to Flink. */
        NEW,
        /** Its effect is in a completed checkpoint (restored state, or acked before): ack it now, drop it. */
        DONE,
        /** Delivered or emitted in this incarnation, ack still due after a checkpoint: drop it, keep its reply subject. */
        WAITING
    }

    /**
     * Fetcher thread: classifies a delivery and records its reply subject unless it is {@link Delivery#DONE}.
     * Whatever the delivery count says: the broker may have lost its consumer state.
     */
    public synchronized Delivery onDelivery(long seq, String replyTo) {
        if (!restoredPending.isEmpty() && restoredPending.contains(seq)) {
            return Delivery.DONE;
        }
        if (done.contains(seq) && !pendingAcks.contains(seq)) {
            // emitted and acked (the broker forgot the ack), or below the watermark
            return Delivery.DONE;
        }
        // inside the lock: an entry leaves inFlight only after its sequence was emitted and acked
        InFlight previous = inFlight.put(seq, new InFlight(replyTo, System.nanoTime()));
        return previous == null && !done.contains(seq) ? Delivery.NEW : Delivery.WAITING;
    }

    /** Whether the done watermark is known (false for a split that never read, or one restored from version 1). */
    public synchronized boolean watermarkKnown() {
        return done.watermarkKnown();
    }

    /**
     * The group's ack floor: every sequence ≤ {@code seq} is acked on the broker, hence done (the group's
     * position when a split starts; later, gaps the broker reports acked — dead-lettered or deleted
     * messages — so that they do not keep the state growing) and no longer waiting for an ack. The
     * latter matters after a restore: the restored checkpoint's pending entries were usually acked once
     * it completed (or by a later checkpoint), so the broker never redelivers them, and without this
     * they stayed pending in every later checkpoint (and in the pendingAcks metric).
     */
    public synchronized void doneUpTo(long seq) {
        done.advanceTo(seq);
        if (!pendingAcks.isEmpty() && pendingAcks.first() <= seq) {
            pendingAcks.removeRange(Long.MIN_VALUE, seq);
            restoredPending.removeRange(Long.MIN_VALUE, seq);
            // their reply subjects are never used again (no ack is due)
            inFlight.keySet().removeIf(k -> k <= seq);
        } else if (!restoredPending.isEmpty() && restoredPending.first() <= seq) {
            restoredPending.removeRange(Long.MIN_VALUE, seq);
        }
    }

    /** Where a recreated durable starts: after the done watermark. */
    public synchronized long resumeSequence() {
        return done.resumeSequence();
    }

    public synchronized EmittedSequences done() {
        return done.copy();
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
            inFlight.remove(seq);
        }
    }

    /** Acker: the broker confirmed the acks of these sequences (ascending). */
    public void acksConfirmed(long[] ascending) {
        if (ascending.length == 0) {
            return;
        }
        synchronized (this) {
            int i = 0;
            while (i < ascending.length) {
                int j = i;
                while (j + 1 < ascending.length && ascending[j + 1] == ascending[j] + 1) {
                    j++;
                }
                pendingAcks.removeRange(ascending[i], ascending[j]);
                if (!restoredPending.isEmpty()) {
                    restoredPending.removeRange(ascending[i], ascending[j]);
                }
                i = j + 1;
            }
            long last = ascending[ascending.length - 1];
            if (last > lastAckedSeq) {
                lastAckedSeq = last;
            }
            for (long seq : ascending) {
                inFlight.remove(seq);
            }
        }
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
