package dev.lakestation.jobs.load;

import dev.lakestation.jobs.audit.RejectedRow;
import dev.lakestation.jobs.load.format.FormatSpec;
import dev.lakestation.jobs.table.HivePartitionAssigner;
import dev.lakestation.jobs.table.ParquetWriters;
import dev.lakestation.schema.avro.AvroSchemas;
import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.project.TableValidator;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;

/**
 * The Flink job of one table load: files → {@link LoadFormat} (read + validate) → {@link LoadRouter} → accepted
 * rows as Parquet into the table transaction's staging folder (Hive folders for {@code sink.partition}), rejected
 * rows as Parquet into the rejected staging folder. Everything is chained on one slot per reader: a record is
 * never serialized between reading and writing.
 *
 * <pre>{@code
 * TableLoadJob.Spec spec = new TableLoadJob.Spec(ref, "sales", "orders", files, staging, rejectedStaging,
 *         "run-42", Instant.now(), 2, LoadSplits.DEFAULT_SPLIT_SIZE, -1);
 * TableLoadJob.build(env, spec);
 * }</pre>
 */
public final class TableLoadJob {

    /**
     * @param files           input files (ingesting area)
     * @param staging         where the table's new Parquet files go (the table transaction's staging folder)
     * @param rejectedStaging where rejected rows go before they are published to the rejected area
     * @param maxRejected     rejected rows kept (explicit {@code audit.maxErrors}), -1 = all
     */
    public record Spec(ProjectRef project, String domain, String table, List<Path> files, Path staging,
                       Path rejectedStaging, String jobId, Instant loadTime, int parallelism, long splitSize,
                       long maxRejected) {
    }

    private TableLoadJob() {
    }

    public static void build(StreamExecutionEnvironment env, Spec spec) {
        TableValidator tv = spec.project().validator(spec.domain(), spec.table());
        Table table = tv.table();
        boolean rejectWithValue = spec.project().project().settings().rejectWithValue();
        FormatSpec format = FormatSpec.of(table, needsFieldNames(table)).withKeepRawText(rejectWithValue);
        env.getConfig().enableObjectReuse();
        env.setParallelism(spec.parallelism());

        FileSource<LoadRow> source = FileSource
                .forBulkFileFormat(new LoadFormat(spec.project().model(spec.domain(), spec.table()), format,
                        rejectWithValue, spec.loadTime()), spec.files().toArray(new Path[0]))
                .setFileEnumerator(splits(format, spec.splitSize(), spec.parallelism()))
                .build();
        DataStream<LoadRow> rows = env.fromSource(source, WatermarkStrategy.noWatermarks(),
                "read " + spec.domain() + "." + spec.table());
        routeAndWrite(rows, tv, spec.jobId(), spec.domain(), spec.table(), spec.loadTime(), spec.staging(),
                spec.rejectedStaging(), spec.maxRejected(), false, java.util.function.UnaryOperator.identity());
    }

    /**
     * The second half of every load, files and stations alike: {@link LoadRouter} → accepted rows as Parquet
     * ({@code FileSink}, Hive folders for {@code sink.partition}) into {@code staging}, rejected rows as Parquet
     * into {@code rejectedStaging}. In STREAMING mode the sinks roll their files on checkpoints and finish them
     * when the checkpoint completes. Every operator has a stable uid, so a station job can restore a retained
     * checkpoint of an earlier run (a file load ignores them: BATCH jobs are never restored).
     *
     * @param maxRejected     rejected rows kept (explicit {@code audit.maxErrors}), -1 = all
     * @param fromStation     the rows are station messages (timestamped with the broker's time): the router
     *                        measures their commit lag
     * @param beforeTableSink applied to the accepted rows before the table sink (a station load's test hook)
     */
    static void routeAndWrite(DataStream<LoadRow> rows, TableValidator tv, String jobId, String domain,
            String table, Instant loadTime, Path staging, Path rejectedStaging, long maxRejected,
            boolean fromStation, java.util.function.UnaryOperator<DataStream<GenericRecord>> beforeTableSink) {
        Schema schema = tv.schema();
        String name = domain + "." + table;
        SingleOutputStreamOperator<GenericRecord> accepted = rows
                .process(new LoadRouter(jobId, domain, table, loadTime.toEpochMilli(), fromStation),
                        new GenericRecordAvroTypeInfo(schema))
                .uid("load-route").name("validate " + name);

        List<String> partition = partitionColumns(tv.table(), schema);
        OutputFileConfig files = OutputFileConfig.builder().withPartPrefix("part-" + dev.lakestation.jobs.table.TableStore.folderSafe(jobId))
                .withPartSuffix(".parquet").build();
        FileSink<GenericRecord> tableSink = FileSink
                .forBulkFormat(staging, fromStation ? ParquetWriters.forCheckpointFiles(schema)
                        : ParquetWriters.forGenericRecord(schema))
                .withBucketAssigner(partition.isEmpty() ? new BasePathBucketAssigner<>()
                        : new HivePartitionAssigner(schema, partition))
                .withOutputFileConfig(files)
                .build();
        beforeTableSink.apply(accepted).sinkTo(tableSink).uid("load-write-table").name("write " + name);

        DataStream<GenericRecord> rejected = accepted.getSideOutput(LoadRouter.REJECTED_ROWS);
        if (maxRejected >= 0) {
            rejected = rejected.process(new RejectedLimit(maxRejected),
                    new GenericRecordAvroTypeInfo(RejectedRow.SCHEMA)).setParallelism(1).uid("load-limit-rejected")
                    .name("audit.maxErrors");
        }
        rejected.sinkTo(FileSink.forBulkFormat(rejectedStaging, RejectedRow.writerFactory())
                        .withBucketAssigner(new BasePathBucketAssigner<>())
                        .withOutputFileConfig(files).build())
                .uid("load-write-rejected").name("write rejected " + name);
    }

    /** A provider capturing only serializable values (never the Spec). */
    private static org.apache.flink.connector.file.src.enumerate.FileEnumerator.Provider splits(FormatSpec format,
            long splitSize, int parallelism) {
        return () -> new LoadSplits(format, splitSize, parallelism);
    }

    /** Spark infers one schema per JSON/XML file: only required attributes make "absent from the file" matter. */
    static boolean needsFieldNames(Table table) {
        return table.attributes().stream().anyMatch(a -> a.isRequired());
    }

    /** {@code sink.partition} as Avro field names (renamed columns are written under their output name). */
    static List<String> partitionColumns(Table table, Schema schema) {
        var sink = table.metadata().resolveSink();
        if (sink == null || sink.partition() == null) {
            return List.of();
        }
        return sink.partition().stream().map(AvroSchemas::avroName).toList();
    }
}
