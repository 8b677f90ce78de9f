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
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;

/**
 * The Flink job of one table load: files → {@link LoadSource} (read + validate) → {@link LoadRouter} → accepted
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
        build(env, spec, readsAhead(spec.parallelism(), Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Whether a load's readers read ahead on their own threads ({@code FileSource} with {@link LoadFormat}) rather
     * than in the task threads ({@link LoadSource}): only when there are more cores than readers. Then a reader
     * reads and validates on a free core while its task writes Parquet; with a core per reader or fewer, the extra
     * thread only competes for the cores and moves every row between them (measured with {@code LoadVsDuckDb} on 2
     * cores: at parallelism 2 the task-thread reader takes about 8% less CPU per row and finishes sooner; at
     * parallelism 1 the read-ahead reader finishes about 10% sooner). The cores are those of the JVM that builds the
     * job: a local MiniCluster's own; for a job sent to a cluster they say nothing of its TaskManagers, where a
     * slot per core (the usual set-up) suits the task-thread reader; either mode reads every line once.
     */
    static boolean readsAhead(int parallelism, int cores) {
        return parallelism < cores;
    }

    /** As {@link #build(StreamExecutionEnvironment, Spec)}, with the reading mode chosen (tests run both). */
    static void build(StreamExecutionEnvironment env, Spec spec, boolean readAhead) {
        TableValidator tv = spec.project().validator(spec.domain(), spec.table());
        Table table = tv.table();
        boolean rejectWithValue = spec.project().project().settings().rejectWithValue();
        FormatSpec format = FormatSpec.of(table, needsFieldNames(table)).withKeepRawText(rejectWithValue);
        env.getConfig().enableObjectReuse();
        env.setParallelism(spec.parallelism());

        SplitRows.Settings reading = new SplitRows.Settings(spec.project().model(spec.domain(), spec.table()),
                format, rejectWithValue, spec.loadTime());
        DataStream<LoadRow> rows = env.fromSource(source(spec, reading, readAhead), WatermarkStrategy.noWatermarks(),
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

    private static Source<LoadRow, ?, ?> source(Spec spec, SplitRows.Settings reading, boolean readAhead) {
        FileEnumerator.Provider splits = splits(reading.spec(), spec.splitSize(), spec.parallelism());
        if (!readAhead) {
            return new LoadSource(spec.files(), reading, splits);
        }
        return FileSource.forBulkFileFormat(new LoadFormat(reading), spec.files().toArray(new Path[0]))
                .setFileEnumerator(splits)
                .build();
    }

    /** A provider capturing only serializable values (never the Spec). */
    private static FileEnumerator.Provider splits(FormatSpec format, long splitSize, int parallelism) {
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
