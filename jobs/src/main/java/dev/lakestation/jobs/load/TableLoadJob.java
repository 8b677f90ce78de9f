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
        Schema schema = tv.schema();
        env.getConfig().enableObjectReuse();
        env.setParallelism(spec.parallelism());

        FileSource<LoadRow> source = FileSource
                .forBulkFileFormat(new LoadFormat(spec.project(), spec.domain(), spec.table(), format, rejectWithValue,
                        spec.loadTime()), spec.files().toArray(new Path[0]))
                .setFileEnumerator(splits(format, spec.splitSize(), spec.parallelism()))
                .build();
        String name = spec.domain() + "." + spec.table();
        SingleOutputStreamOperator<GenericRecord> accepted = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "read " + name)
                .process(new LoadRouter(spec.jobId(), spec.domain(), spec.table(), spec.loadTime().toEpochMilli()),
                        new GenericRecordAvroTypeInfo(schema))
                .name("validate " + name);

        List<String> partition = partitionColumns(table, schema);
        OutputFileConfig files = OutputFileConfig.builder().withPartPrefix("part-" + dev.lakestation.jobs.table.TableStore.folderSafe(spec.jobId()))
                .withPartSuffix(".parquet").build();
        FileSink<GenericRecord> tableSink = FileSink
                .forBulkFormat(spec.staging(), ParquetWriters.forGenericRecord(schema))
                .withBucketAssigner(partition.isEmpty() ? new BasePathBucketAssigner<>()
                        : new HivePartitionAssigner(schema, partition))
                .withOutputFileConfig(files)
                .build();
        accepted.sinkTo(tableSink).name("write " + name);

        org.apache.flink.streaming.api.datastream.DataStream<GenericRecord> rejected =
                accepted.getSideOutput(LoadRouter.REJECTED_ROWS);
        if (spec.maxRejected() >= 0) {
            rejected = rejected.process(new RejectedLimit(spec.maxRejected()),
                    new GenericRecordAvroTypeInfo(RejectedRow.SCHEMA)).setParallelism(1).name("audit.maxErrors");
        }
        rejected.sinkTo(FileSink.forBulkFormat(spec.rejectedStaging(), RejectedRow.writerFactory())
                        .withBucketAssigner(new BasePathBucketAssigner<>())
                        .withOutputFileConfig(files).build())
                .name("write rejected " + name);
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
