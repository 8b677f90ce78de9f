package dev.lakestation.connector.sink.committer;

import org.apache.flink.annotation.Internal;
import dev.lakestation.connector.sink.MemphisSinkException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.annotation.Nullable;

/**
 * Lets the committer publish a checkpoint's batch in the background while the writer buffers the next
 * one, without weakening exactly-once.
 *
 * <p>Flink drops a committed batch from the committer's state at the next checkpoint. The writer's
 * {@code prepareCommit} for that next checkpoint runs before the committer snapshots it (same task,
 * barrier order), and it {@link #awaitIdle waits} here until every earlier batch is fully acknowledged,
 * rethrowing a publish failure. So a batch leaves the checkpointed state only once it is stored; if
 * anything fails first, the job restores the checkpoint that still holds the batch and re-commits it
 * with the same message ids. When the committer finds no writer registered (not chained in the same
 * JVM, or a re-commit during restore) it publishes synchronously instead.
 */
@Internal
public final class CommitHandoff {
    private static final Map<String, CommitHandoff> REGISTRY = new ConcurrentHashMap<>();

    private int outstanding;
    @Nullable private MemphisSinkException failure;
    private boolean reported;

    /** Writer side: announce this subtask's writer. */
    public static CommitHandoff register(String key) {
        CommitHandoff h = new CommitHandoff();
        REGISTRY.put(key, h);
        return h;
    }

    public static void unregister(String key, CommitHandoff h) {
        REGISTRY.remove(key, h);
    }

    /** Committer side: the writer of the same sink, job, subtask and attempt, if it lives in this JVM. */
    @Nullable
    static CommitHandoff lookup(String key) {
        return REGISTRY.get(key);
    }

    /** Identifies one writer/committer pair. */
    public static String key(String sinkId, String jobId, int subtask, int attempt) {
        return sinkId + "/" + jobId + "/" + subtask + "/" + attempt;
    }

    synchronized void started() {
        outstanding++;
    }

    synchronized void finished(@Nullable MemphisSinkException error) {
        outstanding--;
        if (error != null && failure == null) {
            failure = error;
        }
        notifyAll();
    }

    /** Waits until every handed-over batch is acknowledged; rethrows the first failure. */
    public synchronized void awaitIdle() throws IOException, InterruptedException {
        while (outstanding > 0 && failure == null) {
            wait(100);
        }
        throwIfFailed();
    }

    public synchronized void throwIfFailed() throws MemphisSinkException {
        if (failure != null) {
            reported = true;
            throw failure;
        }
    }

    /**
     * Committer close: waits for the background publishes; returns a failure the writer has not
     * already thrown (the last batch of a finishing job), or null. Never throws by itself, because the
     * task may already be failing and an exception there is fatal for the TaskManager.
     */
    @Nullable
    synchronized MemphisSinkException awaitUnreportedFailure() throws InterruptedException {
        while (outstanding > 0 && failure == null) {
            wait(100);
        }
        return reported ? null : failure;
    }
}
