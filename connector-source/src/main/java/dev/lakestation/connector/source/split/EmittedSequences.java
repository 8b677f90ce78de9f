package dev.lakestation.connector.source.split;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.flink.annotation.Internal;

/**
 * The stream sequences of one partition that are done for this job: a contiguous <em>watermark</em>
 * (every sequence ≤ it is done: emitted into Flink, or known never to come) plus the emitted
 * sequences above it as compact ranges (the exceptions). Checkpointed with the split, so it — not the
 * broker's consumer state — decides whether a delivery is new: a broker that lost acks or deliveries
 * (killed without fsync) redelivers sequences that are found here and dropped.
 *
 * <p>Size is bounded by the gaps above the watermark, not by the messages: in-order emission only moves
 * the watermark; a gap (a message delivered to an earlier incarnation and not yet redelivered, a
 * message the broker dead-lettered) keeps later sequences as one range until it closes, by emission
 * or by {@link #advanceTo} (sequences the stream no longer holds, or that the broker reports acked).
 *
 * <pre>{@code
 * EmittedSequences e = EmittedSequences.startingAfter(100); // group's ack floor when the split started
 * e.add(101); e.add(103);          // watermark 101, exceptions [103]
 * e.contains(102);                 // false: a new message
 * e.add(102);                      // watermark 103, no exceptions
 * }</pre>
 *
 * Not thread-safe (the split state synchronizes).
 */
@Internal
public final class EmittedSequences {
    /** The watermark before it is known (a split that never read, or restored from format version 1). */
    public static final long UNKNOWN = -1;

    private long watermark;
    private final SequenceRanges above;

    private EmittedSequences(long watermark, SequenceRanges above) {
        this.watermark = watermark;
        this.above = above;
    }

    /** Nothing emitted yet; every sequence ≤ {@code watermark} counts as done ({@link #UNKNOWN}: not known yet). */
    public static EmittedSequences startingAfter(long watermark) {
        return new EmittedSequences(watermark, new SequenceRanges());
    }

    /** From format version 1, which kept only the unconfirmed emitted sequences: the watermark is unknown. */
    static EmittedSequences fromPending(SequenceRanges pending) {
        return new EmittedSequences(UNKNOWN, new SequenceRanges(pending));
    }

    public EmittedSequences copy() {
        return new EmittedSequences(watermark, new SequenceRanges(above));
    }

    public boolean watermarkKnown() {
        return watermark != UNKNOWN;
    }

    /** Every sequence ≤ this is done; {@link #UNKNOWN} before the split learned where it starts. */
    public long watermark() {
        return watermark;
    }

    /** Where a recreated durable starts: the first sequence that may not be done. */
    public long resumeSequence() {
        return Math.max(watermark, 0) + 1;
    }

    /** Marks a sequence emitted; returns false when it was done already. */
    public boolean add(long seq) {
        if (seq <= watermark) {
            return false;
        }
        if (seq == watermark + 1) {
            watermark = seq;
            absorbFirstRange();
            return true;
        }
        return above.add(seq);
    }

    public boolean contains(long seq) {
        return seq <= watermark || above.contains(seq);
    }

    /**
     * Declares every sequence ≤ {@code seq} done (an unknown watermark becomes known). For sequences the
     * stream no longer holds, a split starting at the group's ack floor, or gaps the broker reports acked.
     */
    public void advanceTo(long seq) {
        if (seq <= watermark) {
            return;
        }
        watermark = seq;
        above.removeRange(Long.MIN_VALUE, seq);
        absorbFirstRange();
    }

    private void absorbFirstRange() {
        // ranges are never adjacent, so at most one range joins the watermark
        if (!above.isEmpty() && above.first() == watermark + 1) {
            long end = above.rangeEnd(above.first());
            above.removeRange(above.first(), end);
            watermark = end;
        }
    }

    /** Emitted sequences above the watermark (the exceptions), as ranges. */
    public int exceptionRanges() {
        return above.rangeCount();
    }

    public long exceptionCount() {
        return above.size();
    }

    /** Highest done sequence, or the watermark when nothing is above it. */
    public long last() {
        return above.isEmpty() ? watermark : Math.max(watermark, above.last());
    }

    void write(DataOutput out) throws IOException {
        out.writeLong(watermark);
        above.write(out);
    }

    static EmittedSequences read(DataInput in) throws IOException {
        long watermark = in.readLong();
        if (watermark < UNKNOWN) {
            throw new IOException("corrupt emitted-sequence watermark " + watermark);
        }
        return new EmittedSequences(watermark, SequenceRanges.read(in));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmittedSequences && ((EmittedSequences) o).watermark == watermark
                && ((EmittedSequences) o).above.equals(above);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(watermark) * 31 + above.hashCode();
    }

    @Override
    public String toString() {
        return "≤" + watermark + (above.isEmpty() ? "" : " + " + above);
    }
}
