package dev.lakestation.jobs.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load job's path: a batch Flink job's FileSink with our BulkWriter writes into staging, then a commit. */
class TableFileSinkITCase {
    @TempDir
    Path datasets;

    static void load(TableStore store, String run, int batch, int rows, WriteMode mode) throws Exception {
        try (TableTransaction tx = store.begin("sales", "orders", run, Duration.ofSeconds(30))) {
            List<GenericRecord> records = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                GenericRecord r = new GenericData.Record(TableTestData.SCHEMA);
                r.put(0, batch);
                r.put(1, i);
                records.add(r);
            }
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setRuntimeMode(RuntimeExecutionMode.BATCH);
            env.setParallelism(2);
            env.fromData(records, new GenericRecordAvroTypeInfo(TableTestData.SCHEMA))
                    .sinkTo(FileSink.forBulkFormat(new org.apache.flink.core.fs.Path(tx.stagingDir().toUri()),
                            ParquetWriters.forGenericRecord(TableTestData.SCHEMA))
                            .withBucketAssigner(new BasePathBucketAssigner<>())
                            .withOutputFileConfig(ParquetWriters.outputFileConfig()).build());
            env.execute("load " + run);
            tx.commit(mode);
        }
    }

    @Test
    void fileSinkFilesCommittedAsVersions() throws Exception {
        TableStore store = TableStore.of(datasets);
        load(store, "run1", 1, 1000, WriteMode.APPEND);
        load(store, "run2", 2, 500, WriteMode.APPEND);
        Path table = store.tablePath("sales", "orders");
        assertThat(TableTestData.rowsByBatch(table)).isEqualTo(Map.of(1, 1000, 2, 500));
        load(store, "run3", 3, 10, WriteMode.OVERWRITE);
        assertThat(TableTestData.rowsByBatch(table)).isEqualTo(Map.of(3, 10));
        assertThat(TableTestData.glob(table)).isNotEmpty().allSatisfy(p ->
                assertThat(p.getFileName().toString()).startsWith("part-").endsWith(".parquet"));
    }
}
