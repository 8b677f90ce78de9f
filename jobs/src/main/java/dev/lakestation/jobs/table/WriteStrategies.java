package dev.lakestation.jobs.table;

import dev.lakestation.jobs.runner.FlinkRunner;
import dev.lakestation.jobs.runner.RunningJob;
import dev.lakestation.schema.model.WriteStrategyType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;

/**
 * Starlake's write strategies on a {@link TableTransaction}: the one implementation the load and the transform
 * call. The caller has written the <em>incoming</em> rows as Parquet into {@link TableTransaction#stagingDir()}
 * (Hive folders or not); this class combines them with the current version as the strategy says and commits.
 *
 * <pre>{@code
 * try (TableTransaction tx = store.begin("sales", "orders", runId, Duration.ofMinutes(5))) {
 *     writeIncomingRowsInto(tx.stagingDir());
 *     MergeSpec spec = MergeSpec.of("sales.orders", writeStrategy, incomingSchema, partitionColumns, settings);
 *     WriteResult r = WriteStrategies.commit(flink, tx, spec);
 * }
 * }</pre>
 *
 * <ul>
 * <li>APPEND, OVERWRITE, OVERWRITE_BY_PARTITION: the staged files are committed as they are.</li>
 * <li>UPSERT_BY_KEY(_AND_TIMESTAMP), DELETE_THEN_INSERT, SCD2: the staged files move to a work folder of the
 *     transaction; table files whose footer key range misses the batch are kept unread ({@link KeyRanges}).
 *     UPSERT_BY_KEY and DELETE_THEN_INSERT with a batch of at most {@link KeySetRewrite#MAX_INCOMING_ROWS} rows
 *     rewrite, one by one, only the remaining files that hold an incoming key ({@link KeySetRewrite});
 *     otherwise a Flink batch job merges the remaining files (when partitioned, only those in partitions holding
 *     an incoming key, found by a key scan) with the batch by key ({@link MergeFunction}, {@link RowMerge}).
 *     The commit replaces the rewritten files and hard-links the others ({@code commitReplacingFiles}).</li>
 * </ul>
 * A failure or a kill at any point leaves the current version: nothing is visible before the commit's rename.
 */
public final class WriteStrategies {

    private WriteStrategies() {
    }

    /** Applies {@code spec}'s strategy to the rows staged in {@code tx} and commits. */
    public static WriteResult commit(FlinkRunner flink, TableTransaction tx, MergeSpec spec) throws Exception {
        WriteStrategyType type = spec.type();
        Optional<Path> current = tx.currentVersionDir();
        List<TableFiles.DataFile> existing = current.map(TableFiles::dataFiles).orElse(List.of());
        if (type != WriteStrategyType.OVERWRITE) {
            // every strategy but OVERWRITE keeps rows written under the earlier schema: refuse a retype first
            Set<String> replaced = type == WriteStrategyType.OVERWRITE_BY_PARTITION
                    ? new java.util.HashSet<>(TableFiles.dataFiles(tx.stagingDir()).stream()
                            .map(TableFiles.DataFile::partition).toList())
                    : Set.of();
            SchemaEvolution.check(spec.label(), spec.tableSchema(), spec.partition(), existing.stream()
                    .filter(f -> !replaced.contains(f.partition()))
                    .map(f -> current.get().resolve(f.relative())).toList(), !spec.mergesByKey());
        }
        if (!spec.mergesByKey()) {
            CommitResult c = switch (type) {
                case APPEND -> tx.commit(WriteMode.APPEND);
                case OVERWRITE -> tx.commit(WriteMode.OVERWRITE);
                case OVERWRITE_BY_PARTITION -> tx.commit(WriteMode.OVERWRITE_PARTITIONS);
                default -> throw new IllegalStateException(type.name());
            };
            return new WriteResult(c, null, 0, existing.size());
        }
        Path incoming = tx.workDir("incoming");
        List<Path> incomingFiles = moveStaged(tx.stagingDir(), incoming);
        if (incomingFiles.isEmpty()) {
            return new WriteResult(tx.commit(WriteMode.APPEND), Set.of(), 0, existing.size()); // nothing to merge
        }
        // 1. footers: only files whose key range overlaps an incoming file's can hold an incoming key
        Path dir = current.orElse(null);
        List<Path> overlapping = KeyRanges.overlapping(
                existing.stream().map(f -> dir.resolve(f.relative())).toList(), incomingFiles, spec.key().get(0));
        List<TableFiles.DataFile> read = existing.stream()
                .filter(f -> overlapping.contains(dir.resolve(f.relative()))).toList();
        if (KeySetRewrite.applies(spec, incomingFiles, hashJoinMaxRows)) {
            return hashMerge(flink, tx, spec, dir, read, incomingFiles, existing.size());
        }
        // 2. partitioned: only partitions where an incoming key sits (key scan of those files and the batch)
        if (!spec.partition().isEmpty() && !read.isEmpty() && !withinIncomingFolders(read, incoming, spec)) {
            Set<String> affected = affectedPartitions(flink, tx, spec, read, incomingFiles);
            read = read.stream().filter(f -> affected.contains(f.partition())).toList();
        }
        List<Path> readFiles = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        Set<String> changed = new TreeSet<>();
        for (TableFiles.DataFile f : read) {
            readFiles.add(dir.resolve(f.relative()));
            replaced.add(f.relative().toString().replace('\\', '/'));
            changed.add(f.partition());
        }
        merge(flink, tx, spec, readFiles, incomingFiles);
        TableFiles.dataFiles(tx.stagingDir()).forEach(f -> changed.add(f.partition()));
        CommitResult c = tx.commitReplacingFiles(replaced);
        return new WriteResult(c, changed, readFiles.size(), existing.size());
    }

    /**
     * UPSERT_BY_KEY and DELETE_THEN_INSERT with a batch whose keys fit in memory: one job, the table files that
     * hold a key of the batch rewritten without it ({@link KeySetRewrite}, no shuffle of the table's rows), the
     * batch deduplicated by the keyed merge with an empty table side. Finer than the partition key scan: a file
     * is rewritten only when it holds an incoming key, so that scan is not needed.
     */
    private static WriteResult hashMerge(FlinkRunner flink, TableTransaction tx, MergeSpec spec, Path dir,
                                         List<TableFiles.DataFile> candidates, List<Path> incomingFiles,
                                         int tableFiles) throws Exception {
        StreamExecutionEnvironment env = flink.environment();
        mergeGraph(env, tx, spec, List.of(), incomingFiles);
        if (!candidates.isEmpty()) {
            List<String> relative = candidates.stream()
                    .map(f -> f.relative().toString().replace('\\', '/')).toList();
            env.fromData(relative).name("table files of " + spec.table()).rebalance()
                    .map(new KeySetRewrite(spec, flinkPath(dir), flinkPath(tx.stagingDir()),
                            List.of(flinkPaths(incomingFiles))),
                            Types.STRING)
                    .name("rewrite files holding incoming keys").setParallelism(env.getParallelism())
                    .sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());
        }
        Map<String, Object> acc = run(flink, env, "lakestation " + spec.type() + " " + spec.table());
        List<String> replaced = new ArrayList<>();
        if (acc.get(KeySetRewrite.ACCUMULATOR) instanceof Collection<?> c) {
            c.forEach(f -> replaced.add((String) f));
        }
        Set<String> changed = new TreeSet<>();
        for (TableFiles.DataFile f : candidates) {
            if (replaced.contains(f.relative().toString().replace('\\', '/'))) {
                changed.add(f.partition());
            }
        }
        TableFiles.dataFiles(tx.stagingDir()).forEach(f -> changed.add(f.partition()));
        CommitResult c = tx.commitReplacingFiles(replaced);
        return new WriteResult(c, changed, replaced.size(), tableFiles);
    }

    /**
     * Batches up to this many incoming rows take the hash path ({@link KeySetRewrite}); larger ones, and the
     * strategies that compare rows (timestamps, SCD2), the keyed merge. Package-private: the benchmark harness
     * sets it to -1 to measure the keyed merge on the same data.
     */
    static long hashJoinMaxRows = KeySetRewrite.MAX_INCOMING_ROWS;

    /**
     * True when the incoming rows are staged in Hive folders (as the load writes them) and every file to read
     * lies in one of those partitions: those files are rewritten whatever the key scan says, so it is skipped.
     */
    private static boolean withinIncomingFolders(List<TableFiles.DataFile> read, Path incoming, MergeSpec spec) {
        Set<String> folders = new java.util.HashSet<>();
        for (TableFiles.DataFile f : TableFiles.dataFiles(incoming)) {
            if (f.partition().split("/").length != spec.partition().size() || f.partition().isEmpty()) {
                return false;
            }
            folders.add(f.partition());
        }
        return read.stream().allMatch(f -> folders.contains(f.partition()));
    }

    /** The merge job: table rows (input 1) and incoming rows (input 2) keyed by key, merged rows into staging. */
    private static void merge(FlinkRunner flink, TableTransaction tx, MergeSpec spec, List<Path> existingFiles,
                              List<Path> incomingFiles) throws Exception {
        StreamExecutionEnvironment env = flink.environment();
        mergeGraph(env, tx, spec, existingFiles, incomingFiles);
        run(flink, env, "lakestation " + spec.type() + " " + spec.table());
    }

    /** Adds the keyed merge of {@code existingFiles} (maybe none) and {@code incomingFiles} into staging to env. */
    private static void mergeGraph(StreamExecutionEnvironment env, TableTransaction tx, MergeSpec spec,
                                   List<Path> existingFiles, List<Path> incomingFiles) {
        Schema schema = spec.tableSchema();
        GenericRecordAvroTypeInfo type = new GenericRecordAvroTypeInfo(schema);
        String schemaJson = schema.toString();
        DataStream<GenericRecord> table = existingFiles.isEmpty()
                ? env.fromSequence(0, 0).flatMap(new NoRows(), type).name("empty table")
                : rows(env, existingFiles, schemaJson, spec.partition(), type, "read " + spec.table());
        DataStream<GenericRecord> in = rows(env, incomingFiles, schemaJson, spec.partition(), type,
                "read incoming " + spec.table());
        List<String> key = spec.key();
        KeySelector<GenericRecord, String> byKey = r -> RowMerge.key(r, key);
        DataStream<GenericRecord> merged = table.connect(in).keyBy(byKey, byKey)
                .process(new MergeFunction(spec), type).name(spec.type() + " " + spec.table());
        merged.sinkTo(FileSink.forBulkFormat(new org.apache.flink.core.fs.Path(tx.stagingDir().toUri()),
                                ParquetWriters.forGenericRecord(schema))
                        .withBucketAssigner(spec.partition().isEmpty() ? new BasePathBucketAssigner<>()
                                : new HivePartitionAssigner(schema, spec.partition()))
                        .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("merged")
                                .withPartSuffix(".parquet").build())
                        .build())
                .name("write " + spec.table());
    }

    private static DataStream<GenericRecord> rows(StreamExecutionEnvironment env, List<Path> files, String schemaJson,
                                                  List<String> partition,
                                                  GenericRecordAvroTypeInfo type, String name) {
        Schema schema = new Schema.Parser().parse(schemaJson);
        FileSource<GenericRecord> source = FileSource.forBulkFileFormat(ProjectedParquetFormat.rows(schema,
                partition), flinkPaths(files)).build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), name);
    }

    /**
     * The partitions a merge must rewrite: those of the incoming rows, plus those where the table holds a key of
     * the batch (a key may move between partitions). When the partition columns are all key columns a key has
     * one partition, so the table's files are not scanned at all.
     */
    private static Set<String> affectedPartitions(FlinkRunner flink, TableTransaction tx, MergeSpec spec,
                                                  List<TableFiles.DataFile> existing, List<Path> incomingFiles)
            throws Exception {
        Schema schema = spec.tableSchema();
        List<String> cols = new ArrayList<>(new LinkedHashSet<>(concat(spec.key(), spec.partition())));
        Path dir = tx.currentVersionDir().orElseThrow();
        List<Schema.Field> fields = new ArrayList<>();
        for (String c : cols) {
            Schema.Field f = schema.getField(c);
            fields.add(new Schema.Field(f, f.schema()));
        }
        Schema projection = Schema.createRecord(schema.getName(), null, schema.getNamespace(), false);
        projection.setFields(fields);
        StreamExecutionEnvironment env = flink.environment();
        DataStream<Tuple3<String, String, Boolean>> keys = keys(env, incomingFiles, projection, spec, true);
        if (!spec.partition().stream().allMatch(spec.key()::contains)) {
            List<Path> files = existing.stream().map(f -> dir.resolve(f.relative())).toList();
            keys = keys.union(keys(env, files, projection, spec, false));
        }
        keys.keyBy(t -> t.f0, Types.STRING).process(new AffectedPartitions(), Types.VOID).name("affected partitions")
                .sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>());
        Map<String, Object> acc = run(flink, env, "lakestation key scan " + spec.table());
        Object list = acc.get(AffectedPartitions.ACCUMULATOR);
        Set<String> out = new TreeSet<>();
        if (list instanceof Collection<?> c) {
            c.forEach(p -> out.add((String) p));
        }
        return out;
    }

    private static DataStream<Tuple3<String, String, Boolean>> keys(StreamExecutionEnvironment env, List<Path> files,
            Schema projection, MergeSpec spec, boolean incoming) {
        FileSource<GenericRecord> source = FileSource.forBulkFileFormat(
                ProjectedParquetFormat.projected(projection, spec.partition()), flinkPaths(files)).build();
        List<String> key = spec.key();
        HivePartitionAssigner partitions = new HivePartitionAssigner(projection, spec.partition());
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), (incoming ? "incoming" : "table") + " keys")
                .map(r -> Tuple3.of(RowMerge.key(r, key), partitions.getBucketId(r, null), incoming),
                        Types.TUPLE(Types.STRING, Types.STRING, Types.BOOLEAN));
    }

    /** Runs a job to its end; returns its accumulators. */
    private static Map<String, Object> run(FlinkRunner flink, StreamExecutionEnvironment env, String name)
            throws Exception {
        RunningJob job = flink.submit(env, name);
        while (true) {
            Optional<Map<String, Object>> done = job.await(Duration.ofSeconds(1));
            if (done.isPresent()) {
                return done.get();
            }
        }
    }

    /** Renames the staged data files into {@code target} (same file system), keeping their folders. */
    private static List<Path> moveStaged(Path staging, Path target) {
        List<Path> out = new ArrayList<>();
        try {
            for (TableFiles.DataFile f : TableFiles.dataFiles(staging)) {
                Path to = target.resolve(f.relative());
                Files.createDirectories(to.getParent());
                Files.move(staging.resolve(f.relative()), to);
                out.add(to);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the staged rows of " + staging + " aside", e);
        }
        return out;
    }

    private static org.apache.flink.core.fs.Path flinkPath(Path p) {
        return new org.apache.flink.core.fs.Path(p.toUri());
    }

    private static org.apache.flink.core.fs.Path[] flinkPaths(List<Path> files) {
        return files.stream().map(p -> new org.apache.flink.core.fs.Path(p.toUri()))
                .toArray(org.apache.flink.core.fs.Path[]::new);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The table side of a first write (Flink's fromData refuses an empty collection). */
    private static final class NoRows implements org.apache.flink.api.common.functions.FlatMapFunction<Long,
            GenericRecord> {
        @Override
        public void flatMap(Long value, org.apache.flink.util.Collector<GenericRecord> out) {
        }
    }
}
