package dev.lakestation.jobs.load;

import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.FileSourceSplitSerializer;
import org.apache.flink.connector.file.src.PendingSplitsCheckpoint;
import org.apache.flink.connector.file.src.PendingSplitsCheckpointSerializer;
import org.apache.flink.connector.file.src.assigners.LocalityAwareSplitAssigner;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.connector.file.src.impl.StaticFileSplitEnumerator;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The bounded source of a file load: the files cut into splits by {@link LoadSplits} (byte ranges of a large
 * splittable file, whole files otherwise), handed to the readers one at a time by Flink's own static file-split
 * enumerator, and each read and validated by {@link LoadSourceReader} on the task thread itself.
 *
 * <p>Why not only {@code FileSource}: its reader reads on a separate fetcher thread and hands batches of records
 * to the task thread, so at parallelism 2 on two cores a load had four busy threads, and every typed record
 * crossed cores between its validation and its Parquet write (a profile showed the writer's first touch of each
 * record's values as its costliest step). A file load reads files whose reads do not block for long and does not
 * checkpoint (BATCH): reading in the task's own thread, as Flink's {@code NumberSequenceSource} does, costs less
 * CPU per row. {@link TableLoadJob#readsAhead} keeps {@code FileSource} (with {@link LoadFormat}, the same
 * {@link SplitRows}) where a free core makes the read-ahead thread pay. Splits, their serializer and the
 * enumerator are {@code FileSource}'s, so recovery (a failed reader's splits are handed out again) is the same.
 *
 * <pre>{@code
 * LoadSource source = new LoadSource(files, new SplitRows.Settings(model, spec, false, loadTime),
 *         () -> new LoadSplits(spec, LoadSplits.DEFAULT_SPLIT_SIZE, parallelism));
 * DataStream<LoadRow> rows = env.fromSource(source, WatermarkStrategy.noWatermarks(), "read sales.orders");
 * }</pre>
 */
final class LoadSource implements Source<LoadRow, FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>>,
        ResultTypeQueryable<LoadRow> {

    private final Path[] files;
    private final SplitRows.Settings settings;
    private final FileEnumerator.Provider splits;

    /** @param splits cuts the files into splits (the {@link LoadSplits} the read-ahead {@code FileSource} uses too) */
    LoadSource(List<Path> files, SplitRows.Settings settings, FileEnumerator.Provider splits) {
        this.files = files.toArray(new Path[0]);
        this.settings = settings;
        this.splits = splits;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<LoadRow, FileSourceSplit> createReader(SourceReaderContext context) {
        return new LoadSourceReader(context, settings);
    }

    @Override
    public SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> createEnumerator(
            SplitEnumeratorContext<FileSourceSplit> context) throws Exception {
        return new StaticFileSplitEnumerator(context, new LocalityAwareSplitAssigner(
                splits.create().enumerateSplits(files, context.currentParallelism())));
    }

    @Override
    public SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> restoreEnumerator(
            SplitEnumeratorContext<FileSourceSplit> context, PendingSplitsCheckpoint<FileSourceSplit> checkpoint) {
        return new StaticFileSplitEnumerator(context, new LocalityAwareSplitAssigner(checkpoint.getSplits()));
    }

    @Override
    public SimpleVersionedSerializer<FileSourceSplit> getSplitSerializer() {
        return FileSourceSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<PendingSplitsCheckpoint<FileSourceSplit>> getEnumeratorCheckpointSerializer() {
        return new PendingSplitsCheckpointSerializer<>(FileSourceSplitSerializer.INSTANCE);
    }

    @Override
    public TypeInformation<LoadRow> getProducedType() {
        return TypeInformation.of(LoadRow.class);
    }
}
