package dev.lakestation.jobs.load;

import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * End-to-end lag of a station load's rows, per subtask: from the time the broker stored a message to the moment the
 * checkpoint whose files hold its row completes (the sinks' committer finishes those files then). Rows are noted as
 * they are routed; a snapshot closes the rows seen since the previous one under its checkpoint id; a completed
 * checkpoint finishes the files of every checkpoint up to its id (aborted ones included, as the committer does), so
 * all those rows are committed at that moment. Keeps two numbers, both in milliseconds:
 * {@link #last()} — the lag of the oldest row of the last completion that committed rows (that completion's worst
 * row), and {@link #max()} — the largest such value so far. {@code -1} until rows were committed. A row restored
 * from an earlier job's checkpoint is not measured (its message time was never seen here).
 *
 * <p>The distribution of the lag per row goes to a {@link LongConsumer} (a Flink histogram in {@link LoadRouter}):
 * each checkpoint contributes a uniform sample of at most {@value #SAMPLES_PER_CHECKPOINT} of its rows (reservoir
 * sampling), so the cost per row stays a counter and, rarely, a random draw, whatever the checkpoint's size. With
 * checkpoints of very different sizes a small one weighs as much as a big one in the histogram.
 *
 * <p>Values read by a metrics thread; updated by the task thread only. Flink-free.
 */
final class CommitLag {

    static final int SAMPLES_PER_CHECKPOINT = 256;

    /** The rows routed between two snapshots: the oldest message time and a sample of them. */
    private static final class Interval {
        long oldest = Long.MAX_VALUE;
        final long[] sample = new long[SAMPLES_PER_CHECKPOINT];
        long seen;
    }

    /** checkpoint id → the rows routed between its snapshot and the previous one. */
    private final TreeMap<Long, Interval> pending = new TreeMap<>();
    private final LongConsumer rowLag;
    // fixed seed: which rows are sampled does not matter, only that the choice is uniform
    private final SplittableRandom random = new SplittableRandom(0x5EED);
    private Interval open = new Interval();
    private volatile long last = -1;
    private volatile long max = -1;

    /** Lags without a per-row distribution. */
    CommitLag() {
        this(lag -> { });
    }

    /** @param rowLag receives the lag of each sampled row, ms, when its checkpoint completes */
    CommitLag(LongConsumer rowLag) {
        this.rowLag = rowLag;
    }

    /** A row of a message the broker stored at {@code messageTime} (epoch ms) was routed to a sink. */
    void row(long messageTime) {
        Interval i = open;
        if (messageTime < i.oldest) {
            i.oldest = messageTime;
        }
        long n = i.seen++;
        if (n < SAMPLES_PER_CHECKPOINT) {
            i.sample[(int) n] = messageTime;
        } else {
            long slot = random.nextLong(n + 1);
            if (slot < SAMPLES_PER_CHECKPOINT) {
                i.sample[(int) slot] = messageTime;
            }
        }
    }

    /** The snapshot of {@code checkpointId}: the rows routed since the previous snapshot are in its files. */
    void snapshot(long checkpointId) {
        if (open.seen == 0) {
            return;
        }
        pending.put(checkpointId, open);
        open = new Interval();
    }

    /** {@code checkpointId} completed at {@code now} (epoch ms): the files of it and of every earlier one are final. */
    void completed(long checkpointId, long now) {
        long oldestCommitted = Long.MAX_VALUE;
        for (Iterator<Interval> it = pending.headMap(checkpointId, true).values().iterator(); it.hasNext(); ) {
            Interval i = it.next();
            oldestCommitted = Math.min(oldestCommitted, i.oldest);
            int sampled = (int) Math.min(i.seen, SAMPLES_PER_CHECKPOINT);
            for (int k = 0; k < sampled; k++) {
                rowLag.accept(now - i.sample[k]);
            }
            it.remove();
        }
        if (oldestCommitted == Long.MAX_VALUE) {
            return;
        }
        long lag = now - oldestCommitted;
        last = lag;
        if (lag > max) {
            max = lag;
        }
    }

    /** The lag of the oldest row of the last completion that committed rows, ms; -1 before any. */
    long last() {
        return last;
    }

    /** The largest {@link #last()} so far, ms; -1 before any. */
    long max() {
        return max;
    }
}
