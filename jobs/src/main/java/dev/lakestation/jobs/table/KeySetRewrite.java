package dev.lakestation.jobs.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.accumulators.IntCounter;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.RecoverableFsDataOutputStream;
import org.apache.flink.core.fs.RecoverableWriter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The table side of an UPSERT_BY_KEY or DELETE_THEN_INSERT merge as a hash anti-join. For these two strategies
 * the fate of a table row depends only on whether its key is in the incoming batch (then it is dropped: the
 * batch's rows for that key replace it), never on the row's values. So the table's rows need no shuffle and no
 * sort by key: each subtask holds the batch's keys in a hash set and rewrites whole table files, one output file
 * per input file (which keeps each file's key range for the next merge's footer pruning). A file none of whose
 * keys is in the batch — found by reading its key columns only, stopping as soon as the file holds both a key of
 * the batch and a key that stays — is kept as it is; one all of whose keys are is dropped without a rewrite.
 *
 * <p>Input: paths of table files relative to the version folder; output: the same path when the file was
 * rewritten (it is then replaced in the commit), nothing when it is kept. The rewritten paths also go to the
 * {@link #ACCUMULATOR} list. The incoming rows themselves are written by the keyed merge (deduplicated), in the
 * same job. Every read and write goes through Flink's {@code FileSystem} (the paths are Flink paths: {@code file:},
 * {@code s3://}, ...): this runs on the TaskManagers.
 *
 * <p>Files are read and written column by column ({@link ColumnarRewrite}: key columns for the check, then every
 * column value to the new file's column writers) when the table's columns are flat and the file stores them as
 * the table schema says — what this project's writers produce; otherwise (nested columns, INT96 timestamps,
 * partition columns only in folder names, ...) through Avro records conformed to the table schema, with the same
 * result. The batch's keys: {@link BatchKeys}.
 *
 * <pre>{@code
 * env.fromData(relativePaths).rebalance().map(new KeySetRewrite(spec, versionDir, staging, incomingFiles))
 * }</pre>
 */
final class KeySetRewrite extends RichMapFunction<String, String> {
    static final String ACCUMULATOR = "lakestation.rewritten-files";
    /** How many of the rewritten files took the column-by-column path ({@link ColumnarRewrite}). */
    static final String COLUMNAR = "lakestation.columnar-rewrites";
    private static final Logger LOG = LoggerFactory.getLogger(KeySetRewrite.class);

    /** Incoming batches up to this many rows (their keys held in memory by each subtask) take this path. */
    static final long MAX_INCOMING_ROWS = 1_000_000;

    private final String schemaJson;
    private final String keySchemaJson;
    private final List<String> key;
    private final List<String> partition;
    private final String versionDir;
    private final String stagingDir;
    private final List<String> incoming;
    private transient BatchKeys keys;
    private transient ListAccumulator<String> rewritten;
    private transient IntCounter columnar;

    /**
     * @param versionDir    the table version the relative paths are in
     * @param stagingDir    where rewritten files go (the merge's own staging folder)
     * @param incomingFiles the batch's Parquet files
     */
    KeySetRewrite(MergeSpec spec, Path versionDir, Path stagingDir, List<Path> incomingFiles) {
        this.schemaJson = spec.tableSchema().toString();
        this.keySchemaJson = keyProjection(spec).toString();
        this.key = spec.key();
        this.partition = spec.partition();
        this.versionDir = versionDir.toString();
        this.stagingDir = stagingDir.toString();
        this.incoming = incomingFiles.stream().map(Path::toString).toList();
    }

    /** True when {@code spec}'s strategy can merge this way and the batch's keys fit in memory. */
    static boolean applies(MergeSpec spec, List<java.nio.file.Path> incomingFiles, long maxRows) {
        return (spec.type() == dev.lakestation.schema.model.WriteStrategyType.UPSERT_BY_KEY
                || spec.type() == dev.lakestation.schema.model.WriteStrategyType.DELETE_THEN_INSERT)
                && rows(incomingFiles) <= maxRows;
    }

    @Override
    public void open(OpenContext context) throws IOException {
        keys = BatchKeys.of(new Schema.Parser().parse(schemaJson), key);
        BulkFormat<GenericRecord, FileSourceSplit> keysOnly = null;
        for (String f : incoming) {
            if (!ColumnarRewrite.addKeys(ParquetFiles.input(new Path(f)), keys)) {
                if (keysOnly == null) {
                    keysOnly = ProjectedParquetFormat.projected(new Schema.Parser().parse(keySchemaJson), partition);
                }
                read(keysOnly, new Path(f), r -> {
                    keys.add(r);
                    return true;
                });
            }
        }
        rewritten = new ListAccumulator<>();
        getRuntimeContext().addAccumulator(ACCUMULATOR, rewritten);
        columnar = new IntCounter();
        getRuntimeContext().addAccumulator(COLUMNAR, columnar);
    }

    @Override
    public String map(String relative) throws IOException {
        Path file = under(versionDir, relative);
        ColumnarRewrite.Presence presence = ColumnarRewrite.presence(ParquetFiles.input(file), keys);
        if (presence == null) {
            // key columns only, until the file is known to hold both a replaced row and a kept one
            boolean[] hit = {false};
            boolean[] kept = {false};
            read(ProjectedParquetFormat.projected(new Schema.Parser().parse(keySchemaJson), partition), file, r -> {
                if (keys.contains(r)) {
                    hit[0] = true;
                } else {
                    kept[0] = true;
                }
                return !(hit[0] && kept[0]);
            });
            presence = !hit[0] ? ColumnarRewrite.Presence.NONE
                    : kept[0] ? ColumnarRewrite.Presence.SOME : ColumnarRewrite.Presence.ALL;
        }
        if (presence == ColumnarRewrite.Presence.NONE) {
            return "";
        }
        if (presence == ColumnarRewrite.Presence.SOME) {
            write(file, relative);
        } // ALL: every row of the file is replaced, it disappears
        rewritten.add(relative);
        return relative;
    }

    /**
     * Writes the rows of {@code file} whose key is not in the batch to the staging folder through the staging
     * filesystem's {@link RecoverableWriter} (the one Flink's {@code FileSink} uses): the file appears whole
     * when committed — a rename on a local filesystem, the completion of the upload on an object store.
     */
    private void write(Path file, String relative) throws IOException {
        Schema schema = new Schema.Parser().parse(schemaJson);
        int slash = relative.lastIndexOf('/');
        // the name depends only on the input file (the staging folder is this merge's own): a task attempt that
        // Flink restarts writes the same file again and replaces the failed attempt's, never a second copy
        String name = "merged-" + UUID.nameUUIDFromBytes(relative.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Path target = under(stagingDir, (slash < 0 ? "" : relative.substring(0, slash + 1)) + name + ".parquet");
        String unsupported;
        try (ParquetFileReader footer = ParquetFiles.open(ParquetFiles.input(file))) {
            unsupported = ColumnarRewrite.unsupported(schema, footer.getFileMetaData().getSchema(), partition);
        }
        RecoverableWriter writer = target.getFileSystem().createRecoverableWriter();
        RecoverableFsDataOutputStream out = writer.open(target);
        boolean committed = false;
        try {
            if (unsupported == null) {
                ColumnarRewrite.copyWithout(ParquetFiles.input(file), schema, keys, ParquetFiles.output(out));
                columnar.add(1);
            } else {
                LOG.info("{}: rewritten through Avro records, not column by column: {}", relative, unsupported);
                rewriteRecords(file, schema, ParquetFiles.output(out));
            }
            out.closeForCommit().commit();          // the writer wrote the footer; the stream stayed open
            committed = true;
        } finally {
            if (!committed) {
                out.close();
            }
        }
    }

    /** The general path: every row read as an Avro record conformed to the table schema, the kept ones written. */
    private void rewriteRecords(Path file, Schema schema, org.apache.parquet.io.OutputFile out) throws IOException {
        try (ParquetWriter<GenericRecord> w = ParquetWriters.open(schema, out)) {
            read(ProjectedParquetFormat.rows(schema, partition), file, r -> {
                if (!keys.contains(r)) {
                    try {
                        w.write(r);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return true;
            });
        }
    }

    /**
     * {@code relative} under the folder {@code dir} (a Flink path with its scheme). Joined as text: parsed alone, a
     * relative path with a {@code :} in a folder name ({@code ts=10:00}) would read as a URI scheme.
     */
    private static Path under(String dir, String relative) {
        return new Path(dir + "/" + relative);
    }

    /** Feeds every row of {@code file} to {@code row} until it returns false. */
    private static void read(BulkFormat<GenericRecord, FileSourceSplit> format, Path file,
                             Predicate<GenericRecord> row) {
        try {
            long size = file.getFileSystem().getFileStatus(file).getLen();
            FileSourceSplit split = new FileSourceSplit("0", file, 0, size, 0, size);
            try (BulkFormat.Reader<GenericRecord> reader = format.createReader(new Configuration(), split)) {
                for (BulkFormat.RecordIterator<GenericRecord> batch; (batch = reader.readBatch()) != null; ) {
                    try {
                        for (RecordAndPosition<GenericRecord> r; (r = batch.next()) != null; ) {
                            if (!row.test(r.getRecord())) {
                                return;
                            }
                        }
                    } finally {
                        batch.releaseBatch();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Schema keyProjection(MergeSpec spec) {
        Schema schema = spec.tableSchema();
        List<Schema.Field> fields = new java.util.ArrayList<>();
        for (String c : new java.util.LinkedHashSet<>(spec.key())) {
            Schema.Field f = schema.getField(c);
            fields.add(new Schema.Field(f, f.schema()));
        }
        Schema projection = Schema.createRecord(schema.getName(), null, schema.getNamespace(), false);
        projection.setFields(fields);
        return projection;
    }

    /** Row count of Parquet files, from their footers (on the command's side, deciding the merge's plan). */
    static long rows(List<java.nio.file.Path> files) {
        long n = 0;
        for (java.nio.file.Path f : files) {
            try (ParquetFileReader r = ParquetFiles.open(f)) {
                for (BlockMetaData b : r.getFooter().getBlocks()) {
                    n += b.getRowCount();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the footer of " + f, e);
            }
        }
        return n;
    }
}
