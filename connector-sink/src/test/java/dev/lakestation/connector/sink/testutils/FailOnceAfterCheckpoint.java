package dev.lakestation.connector.sink.testutils;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Identity map that fails the job once: in the first execution attempt of subtask 0, after at
 * least one checkpoint completed and {@code failAfter} records went through. The restart then
 * replays everything after the last completed checkpoint.
 */
public final class FailOnceAfterCheckpoint<T> extends RichMapFunction<T, T> implements CheckpointListener {
    private final long failAfter;
    private transient long seen;
    private transient boolean checkpointed;
    private transient boolean armed;

    public FailOnceAfterCheckpoint(long failAfter) {
        this.failAfter = failAfter;
    }

    @Override
    public void open(OpenContext context) {
        armed = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0
                && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
    }

    @Override
    public T map(T value) {
        seen++;
        if (armed && checkpointed && seen >= failAfter) {
            throw new IllegalStateException("injected failure after " + seen + " records");
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointed = true;
    }
}
