package dev.lakestation.jobs.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Test-only, inserted by {@link StationLoadJob} only when the system property
 * {@link StationLoadJob#WINDOW_HOOK_PROPERTY} names a marker file: holds a station load exactly inside the window
 * between the source's acks and the table sink's finishing of one checkpoint, so a test can SIGKILL the whole
 * command there. Chained in front of the table's {@code FileSink}, in a task apart from the source and the router:
 * after a snapshot with accepted rows, on the first row that arrives before this task heard that the checkpoint completed, it writes
 * {@code <checkpoint> <accepted rows before it>} to the marker and parks the task's thread for good. The checkpoint still
 * completes (the snapshot was taken), the source task acks its messages, but the sink's committer — notified in this
 * blocked thread — never finishes its files. Stateless: a job restored without the hook finds no state of it.
 * Meant for one subtask (parallelism 1).
 */
final class StationWindowHook extends RichMapFunction<GenericRecord, GenericRecord> implements CheckpointedFunction,
        CheckpointListener {

    private final String marker;
    private long rows;
    private long armedCheckpoint = -1;
    private long rowsAtArm;

    StationWindowHook(String marker) {
        this.marker = marker;
    }

    @Override
    public GenericRecord map(GenericRecord row) {
        if (armedCheckpoint >= 0) {
            Path m = Path.of(marker);
            Path tmp = m.resolveSibling(m.getFileName() + ".tmp");
            try {
                Files.writeString(tmp, armedCheckpoint + " " + rowsAtArm, StandardCharsets.UTF_8);
                Files.move(tmp, m, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            while (true) {
                LockSupport.park(this); // until the test kills the JVM
            }
        }
        rows++;
        return row;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        if (rows > 0 && armedCheckpoint < 0) {
            armedCheckpoint = context.getCheckpointId();
            rowsAtArm = rows;
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        // the committer (later in this chain, notified first) has finished the checkpoint's files: try the next one
        if (checkpointId >= armedCheckpoint) {
            armedCheckpoint = -1;
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
    }
}
