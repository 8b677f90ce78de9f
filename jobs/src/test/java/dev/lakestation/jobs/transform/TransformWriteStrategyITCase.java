package dev.lakestation.jobs.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.jobs.cli.LakestationCli;
import dev.lakestation.jobs.load.Parquet;
import dev.lakestation.jobs.runner.LocalFlinkRunner;
import dev.lakestation.jobs.table.ParquetWriters;
import dev.lakestation.jobs.table.TableStore;
import dev.lakestation.jobs.table.TableTransaction;
import dev.lakestation.jobs.table.WriteMode;
import dev.lakestation.schema.project.Project;
import dev.lakestation.schema.project.ProjectLoader;
import dev.lakestation.schema.project.TableValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * Transform tasks go through the same write strategies as the load. For each strategy a task runs twice over an
 * input table whose rows change between the runs; the output table is read back with parquet-avro after each run
 * and compared with rows written out here by hand. One project, one SQL session and one MiniCluster (for the
 * merge jobs) for the whole class; each strategy has its own input table and task.
 *
 * <p>Rows are rendered {@code id:name@ts/day}; {@code ts} in the inputs is a small number of seconds.
 */
class TransformWriteStrategyITCase {

    /** The SQL session's jobs run here (the session's executor picks up the test context), not on a fresh cluster each. */
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path shared;

    @TempDir
    Path root;

    static Project project;
    static TransformSession session;
    static LocalFlinkRunner merges;
    static TransformService service;

    private static final String[] INPUTS = {"upsert_ts", "by_partition", "delete_insert", "scd2", "appended",
        "overwritten", "filtered", "evolving"};

    @BeforeAll
    static void setUp() throws Exception {
        write(shared, "metadata/load/src/_config.sl.yml", """
                load:
                  name: src
                  metadata: {format: DSV, separator: ",", withHeader: true}
                """);
        for (String t : INPUTS) {
            write(shared, "metadata/load/src/" + t + ".sl.yml", """
                    table:
                      name: %s
                      pattern: "%s.*"
                      attributes:
                        - {name: id, type: long, required: true}
                        - {name: name, type: string}
                        - {name: ts, type: timestamp}
                        - {name: dt, type: string}
                    """.formatted(t, t));
        }
        task("upsert_ts", "{type: UPSERT_BY_KEY_AND_TIMESTAMP, key: [id], timestamp: ts}", "[dt]");
        task("by_partition", "{type: OVERWRITE_BY_PARTITION}", "[dt]");
        task("delete_insert", "{type: DELETE_THEN_INSERT, key: [id]}", null);
        task("scd2", "{type: SCD2, key: [id], timestamp: ts}", null);
        task("appended", "{type: APPEND}", null);
        task("overwritten", "{type: OVERWRITE}", null);
        task("filtered", "{type: UPSERT_BY_KEY, key: [id], queryFilter: \"dt = 'd1'\"}", null);
        project = ProjectLoader.load(shared, null).orThrow();
        session = TransformSession.of(TransformJob.localBatchEnvironment(2));
        merges = LocalFlinkRunner.start(2);
        service = service(project);
    }

    @AfterAll
    static void tearDown() {
        if (merges != null) {
            merges.close();
        }
    }

    private static TransformService service(Project p) {
        return new TransformService(p, () -> session, () -> merges, Clock.systemUTC());
    }

    private static void task(String name, String strategy, String partition) throws IOException {
        write(shared, "metadata/transform/kpi/" + name + ".sql", "SELECT id, name, ts, dt FROM src." + name + "\n");
        write(shared, "metadata/transform/kpi/" + name + ".sl.yml", "task:\n  writeStrategy: " + strategy + "\n"
                + (partition == null ? "" : "  sink: {partition: " + partition + "}\n"));
    }

    // ------------------------------------------------------------------ one test per strategy

    @Test
    void upsertByKeyAndTimestampPartitionedByDay() throws Exception {
        input("upsert_ts", "1:a@100/d1", "2:b@100/d1", "3:c@100/d2", "4:d@100/d2");
        run("kpi.upsert_ts");
        assertThat(output("upsert_ts")).containsExactlyInAnyOrder("1:a@100/d1", "2:b@100/d1", "3:c@100/d2",
                "4:d@100/d2");

        // 1 older (ignored), 2 newer (replaced, twice in the batch: the newest wins), 3 same timestamp (kept),
        // 4 newer and moving to a new partition d3 (leaves d2), 5 a new key in d3; d1 and d2 both change
        input("upsert_ts", "1:older@50/d1", "2:newer@150/d1", "2:newest@200/d1", "3:same@100/d2",
                "4:moved@300/d3", "5:e@10/d3");
        run("kpi.upsert_ts");
        assertThat(output("upsert_ts")).containsExactlyInAnyOrder("1:a@100/d1", "2:newest@200/d1", "3:c@100/d2",
                "4:moved@300/d3", "5:e@10/d3");
    }

    @Test
    void overwriteByPartitionReplacesOnlyPartitionsReceivingRows() throws Exception {
        input("by_partition", "1:a@1/d1", "2:b@1/d1", "3:c@1/d2");
        run("kpi.by_partition");
        assertThat(output("by_partition")).containsExactlyInAnyOrder("1:a@1/d1", "2:b@1/d1", "3:c@1/d2");
        List<Object> d1Before = inodes("by_partition", "dt=d1");

        input("by_partition", "4:x@2/d2", "5:y@2/d3");      // an existing partition and a new one
        run("kpi.by_partition");
        assertThat(output("by_partition")).containsExactlyInAnyOrder("1:a@1/d1", "2:b@1/d1", "4:x@2/d2",
                "5:y@2/d3");
        assertThat(inodes("by_partition", "dt=d1")).as("d1 untouched: the same files").isEqualTo(d1Before);
    }

    @Test
    void deleteThenInsertReplacesEveryRowOfTheIncomingKeys() throws Exception {
        input("delete_insert", "1:a@1/d1", "1:a2@1/d1", "2:b@1/d1", "3:c@1/d1");
        run("kpi.delete_insert");
        assertThat(output("delete_insert")).containsExactlyInAnyOrder("1:a@1/d1", "1:a2@1/d1", "2:b@1/d1",
                "3:c@1/d1");

        // key 1's two rows are deleted and its two new rows inserted; 4 is new; 2 and 3 are not in the batch
        input("delete_insert", "1:x@2/d2", "1:y@2/d2", "4:z@2/d2");
        run("kpi.delete_insert");
        assertThat(output("delete_insert")).containsExactlyInAnyOrder("1:x@2/d2", "1:y@2/d2", "2:b@1/d1",
                "3:c@1/d1", "4:z@2/d2");
    }

    @Test
    void scd2ClosesOpenVersionsOnNewerRowsOnly() throws Exception {
        input("scd2", "1:a@100/d1", "2:b@100/d1", "3:c@100/d1");
        run("kpi.scd2");
        assertThat(scd2("scd2")).containsExactlyInAnyOrder("1:a@100[100,null]", "2:b@100[100,null]",
                "3:c@100[100,null]");

        // 1 changes (newer: closes and opens), 2 comes again unchanged with the same timestamp (no change),
        // 3 comes with an older timestamp (no change), 4 is new (first version)
        input("scd2", "1:A@200/d1", "2:b@100/d1", "3:old@50/d1", "4:d@150/d1");
        run("kpi.scd2");
        assertThat(scd2("scd2")).containsExactlyInAnyOrder("1:a@100[100,200]", "1:A@200[200,null]",
                "2:b@100[100,null]", "3:c@100[100,null]", "4:d@150[150,null]");

        // closed history is never modified again: 1 changes once more
        input("scd2", "1:A2@300/d1");
        run("kpi.scd2");
        assertThat(scd2("scd2")).containsExactlyInAnyOrder("1:a@100[100,200]", "1:A@200[200,300]",
                "1:A2@300[300,null]", "2:b@100[100,null]", "3:c@100[100,null]", "4:d@150[150,null]");
    }

    @Test
    void appendAddsAndOverwriteReplaces() throws Exception {
        input("appended", "1:a@1/d1", "2:b@1/d1");
        run("kpi.appended");
        input("appended", "2:b@1/d1", "3:c@2/d2");           // APPEND keeps duplicates: no key
        run("kpi.appended");
        assertThat(output("appended")).containsExactlyInAnyOrder("1:a@1/d1", "2:b@1/d1", "2:b@1/d1", "3:c@2/d2");

        input("overwritten", "1:a@1/d1", "2:b@1/d1");
        run("kpi.overwritten");
        input("overwritten", "3:c@2/d2");
        run("kpi.overwritten");
        assertThat(output("overwritten")).containsExactly("3:c@2/d2");
    }

    @Test
    void queryFilterIsRefusedNamingTableStrategyAndTaskFile() throws Exception {
        input("filtered", "1:a@1/d1");
        TransformReport r = service.run("kpi.filtered", Map.of(), null, null);
        assertThat(r.success()).isFalse();
        assertThat(r.message()).contains("table kpi.filtered (metadata/transform/kpi/filtered.sl.yml)")
                .contains("writeStrategy UPSERT_BY_KEY: queryFilter is not supported");
        assertThat(TableStore.of(datasets()).currentVersion("kpi", "filtered")).isEmpty();
    }

    /** A column added to the task's SELECT between runs; then a retype, refused before anything is written. */
    @Test
    void schemaEvolutionAddedColumnThenRetypeRefused() throws Exception {
        Path sql = shared.resolve("metadata/transform/kpi/evolving.sql");
        write(shared, "metadata/transform/kpi/evolving.sl.yml",
                "task:\n  writeStrategy: {type: UPSERT_BY_KEY, key: [id]}\n");
        Files.writeString(sql, "SELECT id, name FROM src.evolving\n");
        input("evolving", "1:a@1/d1", "2:b@1/d1");
        TransformService first = service(ProjectLoader.load(shared, null).orThrow());
        assertThat(first.run("kpi.evolving", Map.of(), null, null).success()).isTrue();

        Files.writeString(sql, "SELECT id, name, dt AS extra FROM src.evolving\n");
        input("evolving", "2:B@2/x2", "3:c@2/x3");
        TransformService second = service(ProjectLoader.load(shared, null).orThrow());
        TransformReport r2 = second.run("kpi.evolving", Map.of(), null, null);
        assertThat(r2.success()).as(r2.message()).isTrue();
        List<String> rows = new ArrayList<>();
        for (GenericRecord g : Parquet.readAll(warehouse("evolving"))) {
            rows.add(g.get("id") + ":" + g.get("name") + ":" + (g.getSchema().getField("extra") == null ? "absent"
                    : g.get("extra")));
        }
        assertThat(rows).as("old row 1 reads back null in the new column")
                .containsExactlyInAnyOrder("1:a:null", "2:B:x2", "3:c:x3");
        long version = TableStore.of(datasets()).currentVersion("kpi", "evolving").orElseThrow().number();

        Files.writeString(sql, "SELECT id, id AS name, dt AS extra FROM src.evolving\n");   // name: string → long
        TransformService third = service(ProjectLoader.load(shared, null).orThrow());
        TransformReport r3 = third.run("kpi.evolving", Map.of(), null, null);
        assertThat(r3.success()).isFalse();
        assertThat(r3.message()).contains("table kpi.evolving (metadata/transform/kpi/evolving.sl.yml)")
                .contains("column 'name' is string in the table").contains("but long now");
        assertThat(TableStore.of(datasets()).currentVersion("kpi", "evolving").orElseThrow().number())
                .isEqualTo(version);
    }

    /** The same through the CLI, with the input loaded by {@code lakestation load}. */
    @Test
    void upsertByKeyTaskKeepsOldKeysAndReplacesChangedOnes() throws Exception {
        write(root, "metadata/load/shop/_config.sl.yml", """
                load:
                  name: shop
                  metadata: {format: DSV, separator: ",", withHeader: true, writeStrategy: {type: OVERWRITE}}
                """);
        write(root, "metadata/load/shop/orders.sl.yml", """
                table:
                  name: orders
                  pattern: "orders.*"
                  attributes:
                    - {name: id, type: long, required: true}
                    - {name: name, type: string}
                """);
        write(root, "metadata/transform/kpi/latest.sql", "SELECT id, name FROM shop.orders\n");
        write(root, "metadata/transform/kpi/latest.sl.yml", """
                task:
                  writeStrategy: {type: UPSERT_BY_KEY, key: [id]}
                """);

        write(root, "datasets/stage/shop/orders-1.csv", "id,name\n1,a\n2,b\n");
        assertThat(cli("load")).isZero();
        assertThat(cli("transform", "--name", "kpi.latest")).isZero();
        assertThat(latest()).containsExactlyInAnyOrder("1:a", "2:b");

        write(root, "datasets/stage/shop/orders-2.csv", "id,name\n2,B\n3,c\n");
        assertThat(cli("load")).isZero();               // the load table is overwritten: only 2 and 3
        assertThat(cli("transform", "--name", "kpi.latest")).isZero();
        assertThat(latest()).containsExactlyInAnyOrder("1:a", "2:B", "3:c");
    }

    // ------------------------------------------------------------------ helpers

    private static void run(String task) {
        TransformReport r = service.run(task, Map.of(), null, null);
        assertThat(r.success()).as(r.message()).isTrue();
    }

    private static Path datasets() {
        return Path.of(project.settings().datasets());
    }

    private static Path warehouse(String table) {
        return TableStore.of(datasets()).tablePath("kpi", table);
    }

    /** Replaces the input table src.{@code table} with {@code rows} ({@code id:name@seconds/day}), one version. */
    private static void input(String table, String... rows) throws Exception {
        Schema schema = TableValidator.of(project, "src", table).schema();
        try (TableTransaction tx = TableStore.of(datasets()).begin("src", table, "in-" + System.nanoTime(),
                Duration.ofSeconds(30))) {
            Files.createDirectories(tx.stagingDir());
            try (ParquetWriter<GenericRecord> w = ParquetWriters.open(schema,
                    new LocalOutputFile(tx.stagingDir().resolve("part-0.parquet")))) {
                for (String row : rows) {
                    String[] p = row.split("[:@/]");
                    GenericRecord g = new GenericData.Record(schema);
                    g.put("id", Long.parseLong(p[0]));
                    g.put("name", p[1]);
                    g.put("ts", Long.parseLong(p[2]) * 1000L);
                    g.put("dt", p[3]);
                    w.write(g);
                }
            }
            tx.commit(WriteMode.OVERWRITE);
        }
    }

    /** The output table's rows, the partition value taken from the folder names when not in the file. */
    private static List<String> output(String table) throws IOException {
        List<String> out = new ArrayList<>();
        for (Map.Entry<Path, GenericRecord> e : rows(table)) {
            GenericRecord g = e.getValue();
            Object day = g.getSchema().getField("dt") != null ? g.get("dt") : null;
            if (day == null) {
                day = partitionValue(e.getKey(), "dt");
            }
            out.add(g.get("id") + ":" + g.get("name") + "@" + seconds(g.get("ts")) + "/" + day);
        }
        return out;
    }

    private static List<String> scd2(String table) throws IOException {
        List<String> out = new ArrayList<>();
        for (Map.Entry<Path, GenericRecord> e : rows(table)) {
            GenericRecord g = e.getValue();
            out.add(g.get("id") + ":" + g.get("name") + "@" + seconds(g.get("ts")) + "[" + seconds(g.get("sl_start_ts"))
                    + "," + seconds(g.get("sl_end_ts")) + "]");
        }
        return out;
    }

    private static List<Map.Entry<Path, GenericRecord>> rows(String table) throws IOException {
        List<Map.Entry<Path, GenericRecord>> out = new ArrayList<>();
        Path dir = warehouse(table);
        try (Stream<Path> files = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList()) {
                for (GenericRecord g : Parquet.read(f)) {
                    out.add(Map.entry(dir.relativize(f), g));
                }
            }
        }
        return out;
    }

    private static String partitionValue(Path relative, String column) {
        for (Path part : relative) {
            String s = part.toString();
            if (s.startsWith(column + "=")) {
                return s.substring(column.length() + 1);
            }
        }
        return null;
    }

    private static String seconds(Object millis) {
        return millis == null ? "null" : String.valueOf(((Long) millis) / 1000L);
    }

    /** The inodes of the data files of one partition folder of the current version (hard links keep them). */
    private static List<Object> inodes(String table, String partition) throws IOException {
        Path dir = TableStore.of(datasets()).currentVersionDir("kpi", table).orElseThrow().resolve(partition);
        List<Object> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList()) {
                out.add(Files.getAttribute(f, "unix:ino"));
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    private List<String> latest() throws IOException {
        return Parquet.readAll(root.resolve("datasets/warehouse/kpi/latest")).stream()
                .map(g -> g.get("id") + ":" + g.get("name")).toList();
    }

    private int cli(String... args) {
        StringWriter out = new StringWriter();
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--root";
        all[args.length + 1] = root.toString();
        all[args.length + 2] = "--parallelism";
        all[args.length + 3] = "2";
        int exit = LakestationCli.run(new PrintWriter(out), new PrintWriter(out), all);
        if (exit != 0) {
            System.err.println(out);
        }
        return exit;
    }

    private static void write(Path base, String rel, String content) throws IOException {
        Path p = base.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }
}
