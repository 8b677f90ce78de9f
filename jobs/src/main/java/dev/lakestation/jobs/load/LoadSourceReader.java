package dev.lakestation.jobs.load;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.io.InputStatus;

/**
 * Reads a load's splits in the task thread: one split at a time ({@link SplitRows}: read + validate), the next one
 * asked of the enumerator when the current one ends, so splits go to whichever reader is free. Emits a few records
 * per call, which keeps the task's mailbox responsive while sparing a round trip through it for every record.
 * Every call comes from the task thread (Flink's contract for {@link SourceReader}), so nothing here is shared.
 */
final class LoadSourceReader implements SourceReader<LoadRow, FileSourceSplit> {

    /** Records emitted per {@link #pollNext} call at most. */
    static final int BURST = 64;

    private final SourceReaderContext context;
    private final SplitRows.Settings settings;
    private final ArrayDeque<FileSourceSplit> assigned = new ArrayDeque<>();
    private SplitRows rows;
    private boolean requested;
    private boolean noMoreSplits;
    private CompletableFuture<Void> available = new CompletableFuture<>();

    LoadSourceReader(SourceReaderContext context, SplitRows.Settings settings) {
        this.context = context;
        this.settings = settings;
    }

    @Override
    public void start() {
        if (assigned.isEmpty()) {
            request();
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<LoadRow> output) throws Exception {
        for (int n = 0; n < BURST; ) {
            if (rows == null) {
                FileSourceSplit next = assigned.poll();
                if (next == null) {
                    if (noMoreSplits) {
                        return InputStatus.END_OF_INPUT;
                    }
                    request();
                    if (available.isDone()) { // a future already handed out must still complete
                        available = new CompletableFuture<>();
                    }
                    return InputStatus.NOTHING_AVAILABLE;
                }
                rows = SplitRows.open(settings, next);
            }
            LoadRow row = rows.next();
            if (row == null) {
                closeCurrent();
                continue;
            }
            output.collect(row);
            n++;
        }
        return InputStatus.MORE_AVAILABLE;
    }

    private void request() {
        if (!requested) {
            requested = true;
            context.sendSplitRequest();
        }
    }

    private void closeCurrent() throws IOException {
        SplitRows done = rows;
        rows = null;
        done.close();
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<FileSourceSplit> splits) {
        assigned.addAll(splits);
        requested = false;
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    /** The split being read, at the records it has emitted, then the assigned ones not started. */
    @Override
    public List<FileSourceSplit> snapshotState(long checkpointId) {
        List<FileSourceSplit> state = new ArrayList<>(assigned.size() + 1);
        if (rows != null) {
            state.add(rows.position());
        }
        state.addAll(assigned);
        return state;
    }

    @Override
    public void close() throws Exception {
        if (rows != null) {
            closeCurrent();
        }
    }
}
