package dev.lakestation.jobs.load;

import dev.lakestation.jobs.load.format.FormatSpec;
import dev.lakestation.jobs.load.format.LineIndex;
import dev.lakestation.jobs.load.format.RawRecord;
import dev.lakestation.jobs.load.format.RecordReader;
import dev.lakestation.jobs.load.format.Readers;
import dev.lakestation.schema.project.TableModel;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;

/**
 * Flink {@link BulkFormat} of a table load: reads a file split with the table's {@link Readers format reader} and
 * validates each record right there ({@link RowValidation}), so a record crosses no operator boundary before it
 * is typed, and a rejected record still knows its file, line and offset. Splits may be byte ranges of one file
 * (see {@link LoadSplits}). The table's validator comes from the {@link TableModel} shipped in this format: a
 * TaskManager reads the input files through Flink's {@code FileSystem} and nothing of the project's metadata.
 */
public final class LoadFormat implements BulkFormat<LoadRow, FileSourceSplit> {

    private static final int BATCH = 512;

    private final TableModel model;
    private final FormatSpec spec;
    private final boolean rejectWithValue;
    private final long loadTimeMillis;

    /**
     * @param model    the table (built where the project was read: {@link ProjectRef#model})
     * @param loadTime the load's instant: {@code current_date()} / {@code current_timestamp()} of every record
     */
    public LoadFormat(TableModel model, FormatSpec spec, boolean rejectWithValue, Instant loadTime) {
        this.model = model;
        this.spec = spec;
        this.rejectWithValue = rejectWithValue;
        this.loadTimeMillis = loadTime.toEpochMilli();
    }

    @Override
    public Reader<LoadRow> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new SplitReader(split, 0);
    }

    @Override
    public Reader<LoadRow> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new SplitReader(split, skip);
    }

    @Override
    public boolean isSplittable() {
        return true;
    }

    @Override
    public TypeInformation<LoadRow> getProducedType() {
        return TypeInformation.of(LoadRow.class);
    }

    private final class SplitReader implements BulkFormat.Reader<LoadRow> {
        private final RecordReader in;
        private final RowValidation validation;
        private final org.apache.flink.core.fs.Path file;
        private final long splitStart;
        /** Lines before the split start, counted once, on the first rejected record that needs it. */
        private long linesBefore = -1;
        private final List<String> columns;
        private long emitted;

        SplitReader(FileSourceSplit split, long skip) throws IOException {
            this.in = Readers.open(spec, split.path(), split.offset(), split.offset() + split.length());
            this.file = split.path();
            this.splitStart = split.offset();
            this.validation = new RowValidation(model.validator(), rejectWithValue,
                    Clock.fixed(Instant.ofEpochMilli(loadTimeMillis), ZoneOffset.UTC), r -> r.line + linesBefore());
            this.columns = in.inputColumns();
            for (; emitted < skip; emitted++) {
                if (in.next() == null) {
                    break;
                }
            }
        }

        @Override
        public RecordIterator<LoadRow> readBatch() throws IOException {
            LoadRow[] batch = new LoadRow[BATCH];
            int n = 0;
            RawRecord r;
            while (n < BATCH && (r = in.next()) != null) {
                batch[n++] = validation.validate(r, columns);
            }
            if (n == 0) {
                return null;
            }
            ArrayResultIterator<LoadRow> it = new ArrayResultIterator<>();
            it.set(batch, n, CheckpointedPosition.NO_OFFSET, emitted);
            emitted += n;
            return it;
        }

        private long linesBefore() {
            if (linesBefore < 0) {
                try {
                    linesBefore = LineIndex.linesBefore(file, splitStart);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot count the lines of " + file, e);
                }
            }
            return linesBefore;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
