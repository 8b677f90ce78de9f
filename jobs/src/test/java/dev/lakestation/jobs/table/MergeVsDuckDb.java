package dev.lakestation.jobs.table;

import dev.lakestation.jobs.runner.LocalFlinkRunner;
import dev.lakestation.schema.model.WriteStrategy;
import dev.lakestation.schema.model.WriteStrategyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Harness, not a test: UPSERT_BY_KEY of {@code changes} rows (half updates of existing keys, half new keys)
 * into a {@code rows}-row table, unpartitioned and partitioned by a date column, through
 * {@link WriteStrategies#commit} on a local MiniCluster, side by side with DuckDB doing the same merge (anti-join +
 * union of the Parquet files, written to Parquet) at the same thread count.
 *
 * <p>The table has 20 days of ids in contiguous ranges ({@code day = id / (rows / 20)}); the updates hit the two
 * latest days and the new keys go to a new day — the shape of a daily upsert; with {@code spread} the updates are
 * every n-th key of the whole table (every file and partition touched: a full rewrite).
 *
 * <pre>
 * mvn -o -q -pl jobs test-compile
 * java -Xmx1g -cp &lt;surefire test class path&gt; dev.lakestation.jobs.table.MergeVsDuckDb 2000000 200000 2 [rounds] [spread] [keyed] [first-job]
 * </pre>
 * {@code keyed} forces the keyed merge (sort by key) where {@link KeySetRewrite} would apply. Round 1 follows one
 * small load-like Flink job, as a merge follows its load's job in {@code lakestation load}; {@code first-job} leaves
 * that job out (round 1 then also pays the MiniCluster's first job). Each line also
 * prints the process CPU time of each side (DuckDB runs in this JVM) and the load average.
 */
public final class MergeVsDuckDb {
    static final int DAYS = 20;
    static final Schema DATE = LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
    static final Schema TS = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
    static final Schema SCHEMA = SchemaBuilder.record("orders").fields()
            .requiredLong("id").requiredString("customer").requiredDouble("amount")
            .name("ts").type(TS).noDefault().name("day").type(DATE).noDefault().endRecord();

    /** Updates spread over the whole key range (every file touched) instead of the two latest days. */
    static boolean spread;

    private MergeVsDuckDb() {
    }

    public static void main(String[] args) throws Exception {
        long rows = Long.parseLong(args[0]);
        int changes = Integer.parseInt(args[1]);
        int parallelism = Integer.parseInt(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        List<String> flags = List.of(args).subList(Math.min(4, args.length), args.length);
        spread = flags.contains("spread");
        if (flags.contains("keyed")) {
            WriteStrategies.hashJoinMaxRows = -1;          // measure the keyed merge instead of KeySetRewrite
        }
        System.out.printf(Locale.ROOT, "%s, %s; load average at start: %s%n", spread ? "spread" : "localised",
                WriteStrategies.hashJoinMaxRows < 0 ? "keyed merge" : "KeySetRewrite when it applies", loadAverage());
        System.out.println("| round | table | rows | changes | p | DuckDB s | DuckDB CPU s | Lakestation s"
                + " | Lakestation CPU s | ratio | rewritten | load avg |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        Path work = Files.createTempDirectory("merge-bench");
        try (LocalFlinkRunner flink = LocalFlinkRunner.start(parallelism)) {
            if (!flags.contains("first-job")) {
                // In `lakestation load` a merge follows its load's own Flink job in the same JVM (the job that
                // stages the incoming rows as Parquet), and in `transform` the task's SQL job: round 1 measures
                // the first merge of a JVM after such a job. `first-job` leaves it out, so round 1 also pays the
                // MiniCluster's first job (classes for scheduling, deployment and the sinks).
                precedingLoadJob(flink, work.resolve("load-job"));
            }
            for (int round = 1; round <= rounds; round++)
            for (boolean partitioned : new boolean[] {false, true}) {
                Path datasets = work.resolve((partitioned ? "p" : "u") + round);
                TableStore store = TableStore.of(datasets);
                int files = writeTable(store, rows, partitioned);
                Path incoming = datasets.resolve("incoming.parquet");
                writeIncoming(incoming, rows, changes);
                MergeSpec spec = MergeSpec.of("bench.orders", new WriteStrategy(WriteStrategyType.UPSERT_BY_KEY,
                        List.of("id"), null, null, null, null, null, Map.of()), SCHEMA,
                        partitioned ? List.of("day") : List.of(), null);
                long c0 = cpuNanos();
                double duck = duckDb(store.currentVersionDir("bench", "orders").orElseThrow(), incoming,
                        datasets.resolve("duck.parquet"), parallelism);
                double duckCpu = (cpuNanos() - c0) / 1e9;
                long c1 = cpuNanos();
                long t0 = System.nanoTime();
                WriteResult r;
                try (TableTransaction tx = store.begin("bench", "orders", "merge", Duration.ofSeconds(30))) {
                    if (partitioned) {
                        writeIncomingByDay(tx.stagingDir(), rows, changes); // as the load stages them
                    } else {
                        Files.copy(incoming, tx.stagingDir().resolve("part-incoming.parquet"));
                    }
                    r = WriteStrategies.commit(flink, tx, spec);
                }
                double ours = (System.nanoTime() - t0) / 1e9;
                double oursCpu = (cpuNanos() - c1) / 1e9;
                long rewritten = r.commit().bytesAdded();
                System.out.printf(Locale.ROOT, "| " + round + " | %s | %,d | %,d | %d | %.2f | %.2f | %.2f | %.2f"
                                + " | %.1f× | %d of %d files read; %s; %.0f %% of the bytes written | %s |%n",
                        partitioned ? "by day (20 days)" : "unpartitioned", rows,
                        changes, parallelism, duck, duckCpu, ours, oursCpu, ours / duck, r.tableFilesRead(), files,
                        !partitioned ? "no partitions" : r.rewrittenPartitions().size() + " partitions rewritten",
                        100.0 * rewritten / r.commit().bytes(), loadAverage());
            }
        } finally {
            TableFiles.deleteTree(work);
        }
    }

    /** A small job shaped like a load's: rows written as Parquet through a {@code FileSink}, as the load stages them. */
    static void precedingLoadJob(LocalFlinkRunner flink, Path dir) throws Exception {
        List<GenericRecord> rows = new ArrayList<>();
        for (long id = 0; id < 1000; id++) {
            rows.add(row(id, "warm-up", 1.0, 19000));
        }
        var env = flink.environment();
        env.fromData(new org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo(SCHEMA), rows.toArray(new GenericRecord[0]))
                .sinkTo(org.apache.flink.connector.file.sink.FileSink.forBulkFormat(
                        new org.apache.flink.core.fs.Path(dir.toUri()), ParquetWriters.forGenericRecord(SCHEMA)).build());
        flink.submit(env, "load-like job before the merges").await(Duration.ofMinutes(2)).orElseThrow();
    }

    /** CPU time of this JVM (every thread: Flink's, GC, DuckDB's native threads), nanoseconds. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The machine's 1-minute load average (the machine is shared: a high value means disturbed timings). */
    static String loadAverage() {
        return String.format(Locale.ROOT, "%.1f",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    static int writeTable(TableStore store, long rows, boolean partitioned) throws Exception {
        long perDay = rows / DAYS;
        int files = 0;
        try (TableTransaction tx = store.begin("bench", "orders", "init", Duration.ofSeconds(30))) {
            ParquetWriter<GenericRecord> w = null;
            for (long id = 0; id < rows; id++) {
                int day = (int) (id / perDay);
                if (id % perDay == 0) {
                    if (w != null) {
                        w.close();
                    }
                    Path dir = partitioned ? tx.stagingDir().resolve("day=" + java.time.LocalDate.ofEpochDay(19000 + day))
                            : tx.stagingDir();
                    Files.createDirectories(dir);
                    w = ParquetWriters.open(SCHEMA, new LocalOutputFile(dir.resolve("part-" + day + ".parquet")));
                    files++;
                }
                w.write(row(id, "c" + (id % 9973), id % 1000 / 10.0, day));
            }
            w.close();
            tx.commit(WriteMode.OVERWRITE);
        }
        return files;
    }

    static void writeIncoming(Path file, long rows, int changes) throws Exception {
        long perDay = rows / DAYS;
        try (ParquetWriter<GenericRecord> w = ParquetWriters.open(SCHEMA, new LocalOutputFile(file))) {
            // updates: every other key of the two latest days (up to changes/2), then new keys on a new day
            List<Long> ids = new ArrayList<>();
            long step = spread ? Math.max(1, rows / (changes / 2)) : 2;
            for (long id = spread ? 0 : rows - 2 * perDay; id < rows && ids.size() < changes / 2; id += step) {
                ids.add(id);
            }
            for (long id : ids) {
                w.write(row(id, "updated", 1.5, (int) (id / perDay)));
            }
            for (long i = 0; i < changes - ids.size(); i++) {
                w.write(row(rows + i, "new", 2.5, DAYS));
            }
        }
    }

    static void writeIncomingByDay(Path staging, long rows, int changes) throws Exception {
        Path all = staging.resolve(".all.parquet");
        writeIncoming(all, rows, changes);
        Map<Integer, ParquetWriter<GenericRecord>> writers = new java.util.HashMap<>();
        for (GenericRecord r : ParquetTestFiles.read(all)) {
            int day = (Integer) r.get("day");
            ParquetWriter<GenericRecord> w = writers.get(day);
            if (w == null) {
                Path dir = staging.resolve("day=" + java.time.LocalDate.ofEpochDay(day));
                Files.createDirectories(dir);
                w = ParquetWriters.open(SCHEMA, new LocalOutputFile(dir.resolve("part-incoming.parquet")));
                writers.put(day, w);
            }
            w.write(r);
        }
        for (ParquetWriter<GenericRecord> w : writers.values()) {
            w.close();
        }
        Files.delete(all);
    }

    static GenericRecord row(long id, String customer, double amount, int day) {
        GenericRecord r = new GenericData.Record(SCHEMA);
        r.put(0, id);
        r.put(1, customer);
        r.put(2, amount);
        r.put(3, 1_700_000_000_000L + id);
        r.put(4, 19000 + day);
        return r;
    }

    static double duckDb(Path table, Path incoming, Path out, int threads) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET threads = " + threads);
            long t0 = System.nanoTime();
            s.execute("COPY (SELECT t.* FROM read_parquet('" + table + "/**/*.parquet', hive_partitioning = false) t ANTI JOIN read_parquet('"
                    + incoming + "') i ON t.id = i.id UNION ALL SELECT * FROM read_parquet('" + incoming + "')) TO '"
                    + out + "' (FORMAT parquet)");
            return (System.nanoTime() - t0) / 1e9;
        }
    }
}
