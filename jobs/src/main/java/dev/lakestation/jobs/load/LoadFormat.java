package dev.lakestation.jobs.load;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;

/**
 * {@link SplitRows} as a Flink {@link BulkFormat}, for {@code FileSource}: the read-ahead way of running a load's
 * reading, where a fetcher thread reads and validates batches of rows while the task thread writes the previous
 * ones. {@link TableLoadJob} uses it when the machine has more cores than the load has readers (one reader reads
 * on one core, writes on another); otherwise {@link LoadSource} reads in the task thread.
 */
final class LoadFormat implements BulkFormat<LoadRow, FileSourceSplit> {

    private static final int BATCH = 512;

    private final SplitRows.Settings settings;

    LoadFormat(SplitRows.Settings settings) {
        this.settings = settings;
    }

    @Override
    public Reader<LoadRow> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new BatchReader(SplitRows.open(settings, split));
    }

    @Override
    public Reader<LoadRow> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        return createReader(config, split); // SplitRows.open skips the records the split's position counts
    }

    @Override
    public boolean isSplittable() {
        return true;
    }

    @Override
    public TypeInformation<LoadRow> getProducedType() {
        return TypeInformation.of(LoadRow.class);
    }

    private static final class BatchReader implements BulkFormat.Reader<LoadRow> {
        private final SplitRows rows;

        BatchReader(SplitRows rows) {
            this.rows = rows;
        }

        @Override
        public RecordIterator<LoadRow> readBatch() throws IOException {
            long before = rows.emitted();
            LoadRow[] batch = new LoadRow[BATCH];
            int n = 0;
            LoadRow r;
            while (n < BATCH && (r = rows.next()) != null) {
                batch[n++] = r;
            }
            if (n == 0) {
                return null;
            }
            ArrayResultIterator<LoadRow> it = new ArrayResultIterator<>();
            it.set(batch, n, CheckpointedPosition.NO_OFFSET, before);
            return it;
        }

        @Override
        public void close() throws IOException {
            rows.close();
        }
    }
}
