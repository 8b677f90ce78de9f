package dev.lakestation.jobs.load;

import dev.lakestation.jobs.load.format.FormatSpec;
import dev.lakestation.jobs.load.format.LineIndex;
import dev.lakestation.jobs.load.format.RawRecord;
import dev.lakestation.jobs.load.format.RecordReader;
import dev.lakestation.jobs.load.format.Readers;
import dev.lakestation.schema.project.TableModel;
import java.io.IOException;
import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;

/**
 * The rows of one file split of a load: the split read with the table's {@link Readers format reader} and each
 * record validated right there ({@link RowValidation}), so a record crosses no operator boundary before it is
 * typed, and a rejected record still knows its file, line and offset. Splits may be byte ranges of one file (see
 * {@link LoadSplits}). The table's validator comes from the {@link TableModel} shipped in {@link Settings}: a
 * TaskManager reads the input files through Flink's {@code FileSystem} and nothing of the project's metadata.
 * Not thread-safe: one per split, used by the reader's thread only.
 *
 * <pre>{@code
 * try (SplitRows rows = SplitRows.open(settings, split)) {
 *     for (LoadRow r; (r = rows.next()) != null; ) emit(r);
 * }
 * }</pre>
 */
final class SplitRows implements AutoCloseable {

    /**
     * What every split of one table load is read with.
     *
     * @param model    the table (built where the project was read: {@link ProjectRef#model})
     * @param loadTime the load's instant: {@code current_date()} / {@code current_timestamp()} of every record
     */
    record Settings(TableModel model, FormatSpec spec, boolean rejectWithValue, Instant loadTime)
            implements Serializable {
    }

    private final FileSourceSplit split;
    private final RecordReader in;
    private final RowValidation validation;
    private final List<String> columns;
    /** Lines before the split start, counted once, on the first rejected record that needs it. */
    private long linesBefore = -1;
    private long emitted;

    private SplitRows(Settings settings, FileSourceSplit split) throws IOException {
        this.split = split;
        this.in = Readers.open(settings.spec(), split.path(), split.offset(), split.offset() + split.length());
        this.validation = new RowValidation(settings.model().validator(), settings.rejectWithValue(),
                Clock.fixed(settings.loadTime(), ZoneOffset.UTC), r -> r.line + linesBefore());
        this.columns = in.inputColumns();
    }

    /** Opens {@code split}, skipping the records a restored split says were already emitted. */
    static SplitRows open(Settings settings, FileSourceSplit split) throws IOException {
        SplitRows rows = new SplitRows(settings, split);
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        try {
            while (rows.emitted < skip && rows.in.next() != null) {
                rows.emitted++;
            }
        } catch (IOException | RuntimeException e) {
            rows.close();
            throw e;
        }
        return rows;
    }

    /** The next row of the split, or null at its end. */
    LoadRow next() throws IOException {
        RawRecord r = in.next();
        if (r == null) {
            return null;
        }
        emitted++;
        return validation.validate(r, columns);
    }

    /** Records returned so far, the skipped ones of a restored split included. */
    long emitted() {
        return emitted;
    }

    /** The split at the records returned so far: what a restored reader resumes from. */
    FileSourceSplit position() {
        return split.updateWithCheckpointedPosition(new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, emitted));
    }

    private long linesBefore() {
        if (linesBefore < 0) {
            try {
                linesBefore = LineIndex.linesBefore(split.path(), split.offset());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot count the lines of " + split.path(), e);
            }
        }
        return linesBefore;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
