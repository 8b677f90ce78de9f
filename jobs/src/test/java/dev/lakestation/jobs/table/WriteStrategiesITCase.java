package dev.lakestation.jobs.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.jobs.runner.LocalFlinkRunner;
import dev.lakestation.schema.model.MergeOn;
import dev.lakestation.schema.model.WriteStrategy;
import dev.lakestation.schema.model.WriteStrategyType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each write strategy on a real table: incoming rows staged as Parquet (Hive folders when partitioned), merged
 * by {@link WriteStrategies} on a MiniCluster, the table read back with parquet-avro's reader and compared with
 * the expected rows written out by hand. Rows print as {@code id:name@ts[day]} (SCD2: {@code <start..end>}).
 */
class WriteStrategiesITCase {
    static final Schema TS = LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
    static final Schema SCHEMA = SchemaBuilder.record("orders").namespace("sales").fields()
            .requiredLong("id")
            .optionalString("name")
            .name("ts").type().unionOf().nullType().and().type(TS).endUnion().nullDefault()
            .optionalString("day")
            .endRecord();

    static LocalFlinkRunner flink;

    @TempDir
    Path datasets;

    @BeforeAll
    static void start() {
        flink = LocalFlinkRunner.start(2);
    }

    @AfterAll
    static void stop() {
        flink.close();
    }

    // ------------------------------------------------------------------ strategies

    @Test
    void upsertByKeyReplacesSameKeysAndAddsNewOnes() throws Exception {
        MergeSpec spec = spec(WriteStrategyType.UPSERT_BY_KEY, List.of("id"), null, List.of());
        run("r1", spec, row(1, "a", 100, null), row(2, "b", 100, null));
        run("r2", spec, row(2, "B", 50, null), row(3, "c", 10, null));
        assertThat(table()).containsExactly("1:a@100", "2:B@50", "3:c@10");
    }

    @Test
    void upsertByKeyIncomingDuplicatesGreatestRowWins() throws Exception {
        MergeSpec spec = spec(WriteStrategyType.UPSERT_BY_KEY, List.of("id"), null, List.of());
        // first run into an empty table: duplicates are resolved too
        run("r1", spec, row(1, "x", 1, null), row(1, "y", 1, null), row(2, "b", 1, null));
        assertThat(table()).containsExactly("1:y@1", "2:b@1");
        // same ids, name decides ("q" < "z"), whatever the file order
        run("r2", spec, row(2, "z", 1, null), row(2, "q", 9, null));
        assertThat(table()).containsExactly("1:y@1", "2:z@1");
    }

    @Test
    void upsertByKeyAndTimestampReplacesOnlyWithNewer() throws Exception {
        MergeSpec spec = spec(WriteStrategyType.UPSERT_BY_KEY_AND_TIMESTAMP, List.of("id"), "ts", List.of());
        run("r1", spec, row(1, "a", 100, null), row(2, "b", 100, null), row(4, "d", 100, null));
        run("r2", spec, row(1, "older", 50, null), row(2, "newest", 200, null), row(2, "newer", 150, null),
                row(3, "c", 10, null), row(4, "same", 100, null));
        assertThat(table()).containsExactly("1:a@100", "2:newest@200", "3:c@10", "4:d@100");
    }

    @Test
    void deleteThenInsertKeepsEveryIncomingRow() throws Exception {
        MergeSpec spec = spec(WriteStrategyType.DELETE_THEN_INSERT, List.of("id"), null, List.of());
        run("r1", spec, row(1, "a", 1, null), row(1, "a2", 1, null), row(2, "b", 1, null));
        run("r2", spec, row(1, "x", 2, null), row(1, "y", 2, null), row(3, "z", 2, null));
        assertThat(table()).containsExactly("1:x@2", "1:y@2", "2:b@1", "3:z@2");
    }

    @Test
    void overwriteByPartitionReplacesOnlyPartitionsReceivingRows() throws Exception {
        MergeSpec spec = spec(WriteStrategyType.OVERWRITE_BY_PARTITION, List.of(), null, List.of("day"));
        run("r1", spec, row(1, "a", 1, "d1"), row(2, "b", 1, "d2"), row(3, "c", 1, "d2"));
        Set<Object> d1 = inodes("day=d1");
        WriteResult r = run("r2", spec, row(4, "x", 2, "d2"), row(5, "y", 2, "d3"));
        assertThat(table()).containsExactly("1:a@1[d1]", "4:x@2[d2]", "5:y@2[d3]");
        assertThat(inodes("day=d1")).isEqualTo(d1);
        assertThat(r.commit().filesAdded()).isEqualTo(2);
    }

    @Test
    void partitionedUpsertRewritesOnlyPartitionsHoldingIncomingKeys() throws Exception {
        MergeSpec spec = spec(WriteStrategyType.UPSERT_BY_KEY, List.of("id"), null, List.of("day"));
        run("r1", spec, row(1, "a", 1, "d1"), row(2, "b", 1, "d1"), row(3, "c", 1, "d2"), row(4, "d", 1, "d2"),
                row(5, "e", 1, "d3"));
        Set<Object> d1 = inodes("day=d1");
        Set<Object> d2 = inodes("day=d2");
        Set<Object> d3 = inodes("day=d3");
        WriteResult r2 = run("r2", spec, row(3, "C", 2, "d2"), row(6, "f", 2, "d2"));
        assertThat(table()).containsExactly("1:a@1[d1]", "2:b@1[d1]", "3:C@2[d2]", "4:d@1[d2]", "5:e@1[d3]",
                "6:f@2[d2]");
        assertThat(r2.rewrittenPartitions()).containsExactly("day=d2");
        assertThat(r2.tableFilesRead()).isEqualTo(filesOf(r2, "day=d2"));
        assertThat(inodes("day=d1")).isEqualTo(d1);
        assertThat(inodes("day=d3")).isEqualTo(d3);
        assertThat(inodes("day=d2")).doesNotContainAnyElementsOf(d2);

        // key 1 moves from d1 to d3: both are rewritten (d1 keeps key 2), d2 stays as it is
        Set<Object> d2after = inodes("day=d2");
        WriteResult r3 = run("r3", spec, row(1, "moved", 3, "d3"));
        assertThat(r3.rewrittenPartitions()).containsExactly("day=d1", "day=d3");
        assertThat(table()).containsExactly("1:moved@3[d3]", "2:b@1[d1]", "3:C@2[d2]", "4:d@1[d2]", "5:e@1[d3]",
                "6:f@2[d2]");
        assertThat(inodes("day=d2")).isEqualTo(d2after);
    }

    @Test
    void unpartitionedUpsertKeepsFilesWhoseKeyRangeMissesTheBatch() throws Exception {
        try (TableTransaction tx = TableStore.of(datasets).begin("sales", "orders", "r0", Duration.ofSeconds(30))) {
            write(tx.stagingDir().resolve("part-low.parquet"), List.of(row(1, "a", 1, null), row(2, "b", 1, null)));
            write(tx.stagingDir().resolve("part-high.parquet"), List.of(row(10, "x", 1, null), row(12, "y", 1, null)));
            tx.commit(WriteMode.APPEND);
        }
        Path low = TableStore.of(datasets).tablePath("sales", "orders").resolve("part-low.parquet");
        Object lowInode = Files.readAttributes(low, BasicFileAttributes.class).fileKey();
        MergeSpec spec = spec(WriteStrategyType.UPSERT_BY_KEY, List.of("id"), null, List.of());
        // 11 lies inside the high file's range [10, 12] although that file does not hold it: read and rewritten
        WriteResult r = run("r1", spec, row(12, "Y", 2, null), row(11, "n", 2, null));
        assertThat(r.tableFilesRead()).isEqualTo(1);
        assertThat(r.tableFiles()).isEqualTo(2);
        assertThat(table()).containsExactly("10:x@1", "11:n@2", "12:Y@2", "1:a@1", "2:b@1");
        assertThat(Files.readAttributes(low, BasicFileAttributes.class).fileKey()).isEqualTo(lowInode);
    }

    @Test
    void upsertRewritesOnlyTheFilesHoldingAnIncomingKey() throws Exception {
        // two files whose key ranges overlap: footers cannot tell them apart, the key columns can
        try (TableTransaction tx = TableStore.of(datasets).begin("sales", "orders", "r0", Duration.ofSeconds(30))) {
            write(tx.stagingDir().resolve("part-odd.parquet"), List.of(row(1, "a", 1, null), row(3, "c", 1, null),
                    row(5, "e", 1, null)));
            write(tx.stagingDir().resolve("part-even.parquet"), List.of(row(2, "b", 1, null), row(4, "d", 1, null),
                    row(6, "f", 1, null)));
            tx.commit(WriteMode.APPEND);
        }
        Path even = TableStore.of(datasets).tablePath("sales", "orders").resolve("part-even.parquet");
        Object evenInode = Files.readAttributes(even, BasicFileAttributes.class).fileKey();
        for (WriteStrategyType type : List.of(WriteStrategyType.UPSERT_BY_KEY, WriteStrategyType.DELETE_THEN_INSERT)) {
            WriteResult r = run("r-" + type, spec(type, List.of("id"), null, List.of()), row(3, "C-" + type, 2, null),
                    row(7, "g-" + type, 2, null));
            assertThat(r.tableFilesRead()).as(type.name()).isEqualTo(1);
            assertThat(Files.readAttributes(even, BasicFileAttributes.class).fileKey()).as(type.name())
                    .isEqualTo(evenInode);
        }
        assertThat(table()).containsExactly("1:a@1", "2:b@1", "3:C-DELETE_THEN_INSERT@2", "4:d@1", "5:e@1",
                "6:f@1", "7:g-DELETE_THEN_INSERT@2");
    }

    /**
     * The hash path ({@link KeySetRewrite}) for UPSERT_BY_KEY and DELETE_THEN_INSERT, unpartitioned and by day,
     * on four table files whose key ranges all overlap the batch's [3, 12], so footers prune none of them:
     * {@code a} holds key 3 (rewritten without it), {@code b} and {@code c} hold no incoming key (kept: same
     * inode, although {@code b}'s partition receives rows; the keyed merge would rewrite them), {@code d} holds
     * only incoming keys (rewritten to nothing: it disappears). The batch has key 3 twice, in two files.
     */
    @Test
    void keySetRewriteKeepsFilesHoldingNoIncomingKeyAndDropsEmptiedOnes() throws Exception {
        Path root = datasets;
        for (WriteStrategyType type : List.of(WriteStrategyType.UPSERT_BY_KEY, WriteStrategyType.DELETE_THEN_INSERT)) {
            for (boolean byDay : new boolean[] {false, true}) {
                datasets = root.resolve(type + (byDay ? "-by-day" : "-flat"));
                String d1 = byDay ? "d1" : null;
                String d2 = byDay ? "d2" : null;
                String d3 = byDay ? "d3" : null;
                Map<String, List<GenericRecord>> files = new LinkedHashMap<>();
                files.put("a", List.of(row(1, "a", 1, d1), row(3, "c", 1, d1), row(5, "e", 1, d1)));
                files.put("b", List.of(row(2, "b", 1, d1), row(4, "d", 1, d1), row(6, "f", 1, d1)));
                files.put("c", List.of(row(7, "g", 1, d2), row(9, "i", 1, d2)));
                files.put("d", List.of(row(10, "j", 1, d3), row(12, "l", 1, d3)));
                Map<String, Path> paths = new LinkedHashMap<>();
                Path version = TableStore.of(datasets).tablePath("sales", "orders");
                try (TableTransaction tx = TableStore.of(datasets).begin("sales", "orders", "r0",
                        Duration.ofSeconds(30))) {
                    for (var e : files.entrySet()) {
                        String day = byDay ? "day=" + e.getValue().get(0).get("day") + "/" : "";
                        Path relative = Path.of(day + "part-" + e.getKey() + ".parquet");
                        write(tx.stagingDir().resolve(relative), e.getValue());
                        paths.put(e.getKey(), null);
                    }
                    tx.commit(WriteMode.APPEND);
                }
                Path real = version.toRealPath();
                try (var w = Files.walk(real)) {     // the commit may prefix names (v000001-)
                    for (Path f : w.filter(Files::isRegularFile).toList()) {
                        String n = f.getFileName().toString();
                        paths.replaceAll((k, v) -> n.endsWith("part-" + k + ".parquet")
                                ? version.resolve(real.relativize(f)) : v);
                    }
                }
                Map<String, Object> inode = new LinkedHashMap<>();
                for (var e : paths.entrySet()) {
                    inode.put(e.getKey(), Files.readAttributes(e.getValue(), BasicFileAttributes.class).fileKey());
                }
                MergeSpec spec = spec(type, List.of("id"), null, byDay ? List.of("day") : List.of());
                // key 12 moves from d3 to d2 when partitioned
                WriteResult r = run("r1", spec, row(3, "x1", 2, d1), row(10, "J", 2, d3), row(12, "L", 2, d2),
                        row(3, "x2", 2, d1), row(11, "n", 2, d3));
                String label = type + (byDay ? " by day" : " unpartitioned");
                String p1 = byDay ? "[d1]" : "";
                String p2 = byDay ? "[d2]" : "";
                String p3 = byDay ? "[d3]" : "";
                List<String> expected = new ArrayList<>(List.of("10:J@2" + p3, "11:n@2" + p3, "12:L@2" + p2,
                        "1:a@1" + p1, "2:b@1" + p1, "3:x2@2" + p1, "4:d@1" + p1, "5:e@1" + p1, "6:f@1" + p1,
                        "7:g@1" + p2, "9:i@1" + p2));
                if (type == WriteStrategyType.DELETE_THEN_INSERT) {
                    expected.add(5, "3:x1@2" + p1);           // every incoming row is inserted
                }
                assertThat(table()).as(label).containsExactlyElementsOf(expected);
                assertThat(r.tableFilesRead()).as(label + ": files rewritten (a and d)").isEqualTo(2);
                assertThat(r.tableFiles()).isEqualTo(4);
                // b and c are the same files (hard links, the commit may rename them); a and d are gone
                Set<Object> after = new java.util.HashSet<>();
                try (var w = Files.walk(version.toRealPath())) {
                    for (Path f : w.filter(Files::isRegularFile).toList()) {
                        after.add(Files.readAttributes(f, BasicFileAttributes.class).fileKey());
                    }
                }
                assertThat(after).as(label).contains(inode.get("b"), inode.get("c"))
                        .doesNotContain(inode.get("a"), inode.get("d"));
                if (byDay) {
                    assertThat(r.rewrittenPartitions()).as(label).containsExactly("day=d1", "day=d2", "day=d3");
                }
            }
        }
        datasets = root;
    }

    /**
     * UPSERT_BY_KEY and DELETE_THEN_INSERT take the hash path ({@link KeySetRewrite}) for small batches and the
     * keyed merge otherwise: both give the same table, partitioned or not, with duplicates, keys moving between
     * partitions and files left without rows.
     */
    @Test
    void hashPathAndKeyedMergeGiveTheSameTable() throws Exception {
        Path root = datasets;
        for (WriteStrategyType type : List.of(WriteStrategyType.UPSERT_BY_KEY, WriteStrategyType.DELETE_THEN_INSERT)) {
            for (List<String> partition : List.of(List.<String>of(), List.of("day"))) {
                List<List<String>> tables = new ArrayList<>();
                for (long max : new long[] {KeySetRewrite.MAX_INCOMING_ROWS, -1}) {
                    datasets = root.resolve(type + "-" + partition.size() + "-" + max);
                    long saved = WriteStrategies.hashJoinMaxRows;
                    WriteStrategies.hashJoinMaxRows = max;
                    try {
                        MergeSpec spec = spec(type, List.of("id"), null, partition);
                        java.util.Random random = new java.util.Random(42);
                        for (int run = 0; run < 3; run++) {
                            List<GenericRecord> rows = new ArrayList<>();
                            for (int i = 0; i < 40; i++) {
                                long id = run == 0 ? i : random.nextInt(60);     // updates, new keys, duplicates
                                rows.add(row(id, "r" + run + "-" + random.nextInt(3), run,
                                        "d" + random.nextInt(3)));
                            }
                            run("run" + run, spec, rows.toArray(GenericRecord[]::new));
                        }
                        List<String> rows = new ArrayList<>();
                        for (GenericRecord g : records()) {
                            rows.add(g.get("id") + ":" + g.get("name") + "@" + g.get("ts") + "[" + g.get("day") + "]");
                        }
                        java.util.Collections.sort(rows);          // DELETE_THEN_INSERT keeps equal rows
                        if (type == WriteStrategyType.UPSERT_BY_KEY) {
                            assertThat(rows.stream().map(x -> x.substring(0, x.indexOf(':'))))
                                    .as("one row per key").doesNotHaveDuplicates();
                        }
                        tables.add(rows);
                    } finally {
                        WriteStrategies.hashJoinMaxRows = saved;
                    }
                }
                assertThat(tables.get(0)).as(type + " " + partition).isEqualTo(tables.get(1)).isNotEmpty();
            }
        }
        datasets = root;
    }

    @Test
    void partitionColumnOnlyInFolderNamesIsReadFromThePath() throws Exception {
        // as Flink SQL's filesystem sink (the transform) and Hive write: `day` only in the folder names
        Schema noDay = SchemaBuilder.record("orders").namespace("sales").fields().requiredLong("id")
                .optionalString("name").endRecord();
        try (TableTransaction tx = TableStore.of(datasets).begin("sales", "orders", "r0", Duration.ofSeconds(30))) {
            write(tx.stagingDir().resolve("day=d1/part-0.parquet"), List.of(plain(noDay, 1, "a")), noDay);
            write(tx.stagingDir().resolve("day=d2/part-0.parquet"), List.of(plain(noDay, 2, "b")), noDay);
            tx.commit(WriteMode.APPEND);
        }
        Set<Object> d1 = inodes("day=d1");
        MergeSpec spec = spec(WriteStrategyType.UPSERT_BY_KEY, List.of("id"), null, List.of("day"));
        WriteResult r;
        try (TableTransaction tx = TableStore.of(datasets).begin("sales", "orders", "r1", Duration.ofSeconds(30))) {
            write(tx.stagingDir().resolve("day=d2/part-1.parquet"), List.of(plain(noDay, 2, "B"), plain(noDay, 3, "c")),
                    noDay);
            r = WriteStrategies.commit(flink, tx, spec);
        }
        assertThat(r.rewrittenPartitions()).containsExactly("day=d2");
        assertThat(inodes("day=d1")).isEqualTo(d1);
        Path d2 = TableStore.of(datasets).tablePath("sales", "orders").resolve("day=d2");
        List<String> rows = new ArrayList<>();
        try (var files = Files.list(d2)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                for (GenericRecord g : ParquetTestFiles.read(f)) {
                    rows.add(g.get("id") + ":" + g.get("name") + ":" + g.get("day"));
                }
            }
        }
        assertThat(rows).containsExactlyInAnyOrder("2:B:d2", "3:c:d2");
    }

    @Test
    void int96TimestampsOfFlinkSqlFilesAreReadAsTimestamps() throws Exception {
        MergeSpec spec = spec(WriteStrategyType.UPSERT_BY_KEY_AND_TIMESTAMP, List.of("id"), "ts", List.of());
        run("r1", spec, row(1, "a", 1_000, null), row(2, "b", 5_000, null));
        // Flink SQL's parquet format writes TIMESTAMP as INT96 and no Avro schema
        org.apache.parquet.schema.MessageType type = org.apache.parquet.schema.MessageTypeParser.parseMessageType(
                "message orders { required int64 id; optional binary name (STRING); optional int96 ts; }");
        WriteResult r;
        try (TableTransaction tx = TableStore.of(datasets).begin("sales", "orders", "r2", Duration.ofSeconds(30))) {
            Path file = tx.stagingDir().resolve("part-sql.parquet");
            org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
            org.apache.parquet.hadoop.example.GroupWriteSupport.setSchema(type, conf);
            try (ParquetWriter<org.apache.parquet.example.data.Group> w =
                         org.apache.parquet.hadoop.example.ExampleParquetWriter.builder(new LocalOutputFile(file))
                                 .withConf(conf).withType(type).build()) {
                var groups = new org.apache.parquet.example.data.simple.SimpleGroupFactory(type);
                // 1970-01-01T00:00:02Z (newer than 1 s) and 00:00:03Z (older than 5 s)
                w.write(groups.newGroup().append("id", 1L).append("name", "sql")
                        .append("ts", new org.apache.parquet.example.data.simple.NanoTime(2_440_588, 2_000_000_000L)));
                w.write(groups.newGroup().append("id", 2L).append("name", "old")
                        .append("ts", new org.apache.parquet.example.data.simple.NanoTime(2_440_588, 3_000_000_000L)));
            }
            r = WriteStrategies.commit(flink, tx, spec);
        }
        assertThat(r.commit().version()).isEqualTo(2);
        assertThat(table()).containsExactly("1:sql@2000", "2:b@5000");
    }

    static GenericRecord plain(Schema schema, long id, String name) {
        GenericRecord r = new GenericData.Record(schema);
        r.put("id", id);
        r.put("name", name);
        return r;
    }

    @Test
    void partitionColumnInKeySkipsTheTableScan() throws Exception {
        MergeSpec spec = spec(WriteStrategyType.UPSERT_BY_KEY, List.of("id", "day"), null, List.of("day"));
        run("r1", spec, row(1, "a", 1, "d1"), row(1, "b", 1, "d2"));
        Set<Object> d1 = inodes("day=d1");
        WriteResult r = run("r2", spec, row(1, "B", 2, "d2"), row(2, "n", 2, "d4"));
        assertThat(r.rewrittenPartitions()).containsExactly("day=d2", "day=d4");
        assertThat(table()).containsExactly("1:B@2[d2]", "1:a@1[d1]", "2:n@2[d4]");
        assertThat(inodes("day=d1")).isEqualTo(d1);
    }

    @Test
    void scd2HistoryOverThreeRuns() throws Exception {
        MergeSpec spec = spec(WriteStrategyType.SCD2, List.of("id"), "ts", List.of());
        assertThat(spec.tableSchema().getField("sl_start_ts")).isNotNull();
        run("r1", spec, row(1, "a", 100, null), row(2, "b", 100, null));
        assertThat(table()).containsExactly("1:a@100<100..null>", "2:b@100<100..null>");
        // key 1 newer: closed + new open version; key 2 older: nothing changes
        run("r2", spec, row(1, "A", 200, null), row(2, "old", 50, null));
        assertThat(table()).containsExactly("1:A@200<200..null>", "1:a@100<100..200>", "2:b@100<100..null>");
        // key 1: the newest incoming row wins (300 over 150); closed history untouched; key 3 opens
        run("r3", spec, row(1, "A2", 300, null), row(1, "mid", 150, null), row(3, "c", 300, null),
                row(2, "same", 100, null));
        assertThat(table()).containsExactly("1:A2@300<300..null>", "1:A@200<200..300>", "1:a@100<100..200>",
                "2:b@100<100..null>", "3:c@300<300..null>");
    }

    @Test
    void scd2CustomColumnsAndSourceAndTarget() throws Exception {
        WriteStrategy ws = new WriteStrategy(WriteStrategyType.SCD2, List.of("id"), "ts", null,
                MergeOn.SOURCE_AND_TARGET, "valid_from", "valid_to", Map.of());
        MergeSpec spec = MergeSpec.of("sales.orders", ws, SCHEMA, List.of(), null);
        assertThat(spec.tableSchema().getFields().stream().map(Schema.Field::name))
                .containsExactly("id", "name", "ts", "day", "valid_from", "valid_to");
        run("r1", spec, row(1, "a", 100, null));
        run("r2", spec, row(1, "b", 200, null));
        List<String> rows = new ArrayList<>();
        for (GenericRecord g : records()) {
            rows.add(g.get("name") + " " + g.get("valid_from") + ".." + g.get("valid_to"));
        }
        assertThat(rows).containsExactlyInAnyOrder("a 100..200", "b 200..null");
    }

    @Test
    void emptyIncomingBatchKeepsTheTable() throws Exception {
        MergeSpec spec = spec(WriteStrategyType.UPSERT_BY_KEY, List.of("id"), null, List.of());
        run("r1", spec, row(1, "a", 1, null));
        WriteResult r = run("r2", spec);
        assertThat(table()).containsExactly("1:a@1");
        assertThat(r.commit().version()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ schema evolution

    static final Schema WITH_EMAIL = SchemaBuilder.record("orders").namespace("sales").fields()
            .requiredLong("id").optionalString("name")
            .name("ts").type().unionOf().nullType().and().type(TS).endUnion().nullDefault()
            .optionalString("day").optionalString("email").endRecord();

    @Test
    void addedNullableColumnOldRowsReadBackNull() throws Exception {
        run("r1", spec(WriteStrategyType.UPSERT_BY_KEY, List.of("id"), null, List.of()), row(1, "a", 1, null),
                row(2, "b", 1, null));
        MergeSpec spec2 = MergeSpec.of("sales.orders", new WriteStrategy(WriteStrategyType.UPSERT_BY_KEY,
                List.of("id"), null, null, null, null, null, Map.of()), WITH_EMAIL, List.of(), null);
        GenericRecord r = new GenericData.Record(WITH_EMAIL);
        r.put("id", 2L);
        r.put("name", "B");
        r.put("ts", 2L);
        r.put("email", "b@x");
        runRows("r2", spec2, WITH_EMAIL, List.of(r));
        List<String> rows = new ArrayList<>();
        for (GenericRecord g : records()) {
            rows.add(g.get("id") + ":" + g.get("name") + ":" + g.get("email"));
        }
        assertThat(rows).containsExactlyInAnyOrder("1:a:null", "2:B:b@x");
    }

    @Test
    void retypedColumnIsRefusedBeforeWritingAnything() throws Exception {
        run("r1", spec(WriteStrategyType.UPSERT_BY_KEY, List.of("id"), null, List.of()), row(1, "a", 1, null));
        Schema retyped = SchemaBuilder.record("orders").namespace("sales").fields().requiredLong("id")
                .optionalLong("name").endRecord();
        MergeSpec spec2 = MergeSpec.of("sales.orders", new WriteStrategy(WriteStrategyType.UPSERT_BY_KEY,
                List.of("id"), null, null, null, null, null, Map.of()), retyped, List.of(), null);
        GenericRecord r = new GenericData.Record(retyped);
        r.put("id", 1L);
        r.put("name", 7L);
        long version = TableStore.of(datasets).currentVersion("sales", "orders").orElseThrow().number();
        assertThatThrownBy(() -> runRows("r2", spec2, retyped, List.of(r)))
                .hasMessageStartingWith("table sales.orders: column 'name' is string in the table")
                .hasMessageContaining("but long now");
        assertThat(TableStore.of(datasets).currentVersion("sales", "orders").orElseThrow().number()).isEqualTo(version);
        assertThat(table()).containsExactly("1:a@1");
    }

    // ------------------------------------------------------------------ validation

    @Test
    void invalidStrategiesNameTableAndColumn() {
        assertThatThrownBy(() -> spec(WriteStrategyType.UPSERT_BY_KEY, List.of(), null, List.of()))
                .hasMessage("table sales.orders: writeStrategy UPSERT_BY_KEY needs a key (writeStrategy.key: [column, ...])");
        assertThatThrownBy(() -> spec(WriteStrategyType.UPSERT_BY_KEY, List.of("nope"), null, List.of()))
                .hasMessageContaining("table sales.orders: writeStrategy UPSERT_BY_KEY: key column 'nope' is not a column");
        assertThatThrownBy(() -> spec(WriteStrategyType.SCD2, List.of("id"), null, List.of()))
                .hasMessageContaining("needs a timestamp column");
        assertThatThrownBy(() -> spec(WriteStrategyType.SCD2, List.of("id"), "name", List.of()))
                .hasMessageContaining("timestamp column 'name' must be a timestamp or a date");
        assertThatThrownBy(() -> spec(WriteStrategyType.OVERWRITE_BY_PARTITION, List.of(), null, List.of()))
                .hasMessageContaining("needs sink.partition columns");
        assertThatThrownBy(() -> spec(WriteStrategyType.UPSERT_BY_KEY, List.of("id"), null, List.of("zz")))
                .hasMessageContaining("partition column 'zz' is not a column");
        WriteStrategy filtered = new WriteStrategy(WriteStrategyType.UPSERT_BY_KEY, List.of("id"), null, "day = 'x'",
                null, null, null, Map.of());
        assertThatThrownBy(() -> MergeSpec.of("sales.orders", filtered, SCHEMA, List.of(), null))
                .hasMessageStartingWith("table sales.orders: writeStrategy UPSERT_BY_KEY: queryFilter is not supported");
    }

    // ------------------------------------------------------------------ helpers

    static MergeSpec spec(WriteStrategyType type, List<String> key, String ts, List<String> partition) {
        return MergeSpec.of("sales.orders", new WriteStrategy(type, key, ts, null, null, null, null, Map.of()),
                SCHEMA, partition, null);
    }

    static GenericRecord row(long id, String name, long ts, String day) {
        GenericRecord r = new GenericData.Record(SCHEMA);
        r.put("id", id);
        r.put("name", name);
        r.put("ts", ts);
        r.put("day", day);
        return r;
    }

    /** Stages the rows as the load does (one file per partition folder, each row in its own file when asked). */
    WriteResult run(String runId, MergeSpec spec, GenericRecord... rows) throws Exception {
        TableStore store = TableStore.of(datasets);
        try (TableTransaction tx = store.begin("sales", "orders", runId, Duration.ofSeconds(30))) {
            Map<String, List<GenericRecord>> byFolder = new LinkedHashMap<>();
            for (GenericRecord r : rows) {
                String folder = spec.partition().isEmpty() ? "" : "day=" + r.get("day");
                byFolder.computeIfAbsent(folder, k -> new ArrayList<>()).add(r);
            }
            int n = 0;
            for (var e : byFolder.entrySet()) {
                // two files per folder when there are several rows: duplicates arrive from different files
                List<GenericRecord> all = e.getValue();
                int half = (all.size() + 1) / 2;
                write(tx.stagingDir().resolve(e.getKey()).resolve("part-" + runId + "-" + n++ + ".parquet"),
                        all.subList(0, half));
                if (half < all.size()) {
                    write(tx.stagingDir().resolve(e.getKey()).resolve("part-" + runId + "-" + n++ + ".parquet"),
                            all.subList(half, all.size()));
                }
            }
            return WriteStrategies.commit(flink, tx, spec);
        }
    }

    WriteResult runRows(String runId, MergeSpec spec, Schema schema, List<GenericRecord> rows) throws Exception {
        try (TableTransaction tx = TableStore.of(datasets).begin("sales", "orders", runId, Duration.ofSeconds(30))) {
            write(tx.stagingDir().resolve("part-" + runId + ".parquet"), rows, schema);
            return WriteStrategies.commit(flink, tx, spec);
        }
    }

    static void write(Path file, List<GenericRecord> rows) {
        write(file, rows, SCHEMA);
    }

    static void write(Path file, List<GenericRecord> rows, Schema schema) {
        try {
            Files.createDirectories(file.getParent());
            try (ParquetWriter<GenericRecord> w = ParquetWriters.open(schema, new LocalOutputFile(file))) {
                for (GenericRecord r : rows) {
                    w.write(r);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<GenericRecord> records() throws IOException {
        List<GenericRecord> out = new ArrayList<>();
        for (Path f : TableTestData.glob(TableStore.of(datasets).tablePath("sales", "orders"))) {
            out.addAll(ParquetTestFiles.read(f));
        }
        return out;
    }

    /** The table's rows, sorted, as {@code id:name@ts[day]<start..end>} (parts only when present). */
    List<String> table() throws IOException {
        TreeSet<String> sorted = new TreeSet<>();
        List<String> all = new ArrayList<>();
        for (GenericRecord g : records()) {
            String s = g.get("id") + ":" + g.get("name") + "@" + g.get("ts")
                    + (g.get("day") == null ? "" : "[" + g.get("day") + "]")
                    + (g.getSchema().getField("sl_start_ts") == null ? ""
                    : "<" + g.get("sl_start_ts") + ".." + g.get("sl_end_ts") + ">");
            all.add(s);
            sorted.add(s);
        }
        assertThat(all).hasSameSizeAs(sorted); // no duplicate rows
        return new ArrayList<>(sorted);
    }

    Set<Object> inodes(String partition) throws IOException {
        Path dir = TableStore.of(datasets).tablePath("sales", "orders").resolve(partition);
        Set<Object> out = new java.util.HashSet<>();
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    out.add(Files.readAttributes(p, BasicFileAttributes.class).fileKey());
                }
            }
        }
        return out;
    }

    int filesOf(WriteResult r, String partition) {
        // the files of `partition` in the previous version = what the merge read (only that partition)
        return r.tableFilesRead();
    }
}
