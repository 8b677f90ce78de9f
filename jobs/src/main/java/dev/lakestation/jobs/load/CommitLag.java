package dev.lakestation.jobs.load;

import java.util.Iterator;
import java.util.TreeMap;

/**
 * End-to-end lag of a station load's rows, per subtask: from the time the broker stored a message to the moment the
 * checkpoint whose files hold its row completes (the sinks' committer finishes those files then). Rows are noted as
 * they are routed; a snapshot closes the rows seen since the previous one under its checkpoint id; a completed
 * checkpoint finishes the files of every checkpoint up to its id (aborted ones included, as the committer does), so
 * all those rows are committed at that moment. Keeps two numbers, both in milliseconds:
 * {@link #last()} — the lag of the oldest row of the last completion that committed rows (that completion's worst
 * row), and {@link #max()} — the largest such value so far. {@code -1} until rows were committed. A row restored
 * from an earlier job's checkpoint is not measured (its message time was never seen here). Values read by a
 * metrics thread; updated by the task thread only. Flink-free.
 */
final class CommitLag {

    /** checkpoint id → the oldest message time of the rows routed between its snapshot and the previous one. */
    private final TreeMap<Long, Long> pending = new TreeMap<>();
    private long oldest = Long.MAX_VALUE;
    private volatile long last = -1;
    private volatile long max = -1;

    /** A row of a message the broker stored at {@code messageTime} (epoch ms) was routed to a sink. */
    void row(long messageTime) {
        if (messageTime < oldest) {
            oldest = messageTime;
        }
    }

    /** The snapshot of {@code checkpointId}: the rows routed since the previous snapshot are in its files. */
    void snapshot(long checkpointId) {
        if (oldest == Long.MAX_VALUE) {
            return;
        }
        pending.put(checkpointId, oldest);
        oldest = Long.MAX_VALUE;
    }

    /** {@code checkpointId} completed at {@code now} (epoch ms): the files of it and of every earlier one are final. */
    void completed(long checkpointId, long now) {
        long oldestCommitted = Long.MAX_VALUE;
        for (Iterator<Long> it = pending.headMap(checkpointId, true).values().iterator(); it.hasNext(); ) {
            oldestCommitted = Math.min(oldestCommitted, it.next());
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
