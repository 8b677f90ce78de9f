package dev.lakestation.jobs.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.jobs.load.LoadRouter;
import dev.lakestation.jobs.load.LoadSplits;
import dev.lakestation.jobs.load.ProjectRef;
import dev.lakestation.jobs.load.TableLoadJob;
import dev.lakestation.jobs.runner.LocalFlinkRunner;
import dev.lakestation.schema.model.WriteStrategy;
import dev.lakestation.schema.model.WriteStrategyType;
import dev.lakestation.schema.project.ProjectLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TaskManager side of a load and of a key-set merge on a MiniCluster, with every data path on a filesystem
 * that only Flink's {@code FileSystem} reaches ({@link ForeignFileSystem}, scheme {@code lsfs}) and the project's
 * metadata deleted once the job is built: the operators read and write through Flink's FileSystem and validate
 * with the table model shipped in the job, never with {@code java.nio} on a local path. Outcomes are read back
 * with parquet-avro's reader from the filesystem's backing folder.
 */
class FlinkFileSystemITCase {
    static LocalFlinkRunner flink;

    @TempDir
    Path backing;
    @TempDir
    Path projectRoot;

    @BeforeAll
    static void start() {
        flink = LocalFlinkRunner.start(2);
    }

    @AfterAll
    static void stop() {
        flink.close();
    }

    @BeforeEach
    void mount() {
        ForeignFileSystem.backing = backing.toFile();
        ForeignFileSystem.OPENS.set(0);
        ForeignFileSystem.CREATES.set(0);
    }

    @Test
    void loadReadsWritesAndValidatesWithoutTheProjectOnDisk() throws Exception {
        write(projectRoot, "metadata/load/sales/_config.sl.yml", """
                load:
                  name: sales
                  metadata: {format: DSV, separator: ";", withHeader: true, writeStrategy: {type: APPEND}}
                """);
        write(projectRoot, "metadata/types/types.sl.yml", """
                types:
                  - {name: code, primitiveType: string, pattern: "[A-Z]{3}"}
                """);
        write(projectRoot, "metadata/load/sales/orders.sl.yml", """
                table:
                  name: orders
                  pattern: "orders.*"
                  attributes:
                    - {name: customer_id, type: int, required: true}
                    - {name: shop, type: code}
                    - {name: amount, type: int}
                """);
        write(backing, "landing/orders.csv",
                "customer_id;shop;amount\n1;PAR;10\n2;LYO;20\nx;PAR;30\n1;par;40\n3;NCE;50\n");
        var project = ProjectLoader.load(projectRoot, null).orThrow();

        StreamExecutionEnvironment env = flink.environment();
        TableLoadJob.build(env, new TableLoadJob.Spec(ProjectRef.of(project, Map.of()), "sales", "orders",
                List.of(ForeignFileSystem.path("/landing/orders.csv")), ForeignFileSystem.path("/table/staging"),
                ForeignFileSystem.path("/table/rejected"), "run1", Instant.now(), 2, LoadSplits.DEFAULT_SPLIT_SIZE,
                -1));
        deleteTree(projectRoot);                    // the TaskManagers get the table model, not a root to read
        Map<String, Object> acc = flink.submit(env, "load sales.orders").await(Duration.ofMinutes(2)).orElseThrow();

        assertThat(acc).containsEntry(LoadRouter.ACCEPTED, 3L).containsEntry(LoadRouter.REJECTED, 2L);
        assertThat(ForeignFileSystem.OPENS.get()).as("input opened through Flink's FileSystem").isPositive();
        assertThat(ForeignFileSystem.CREATES.get()).as("table and rejected files created through it").isPositive();
        assertThat(readAll(backing.resolve("table/staging")))
                .extracting(r -> r.get("customer_id") + ":" + r.get("shop") + ":" + r.get("amount"))
                .containsExactlyInAnyOrder("1:PAR:10", "2:LYO:20", "3:NCE:50");
        assertThat(readAll(backing.resolve("table/rejected")))
                .extracting(r -> r.get("line") + " " + r.get("error"))
                .hasSize(2)
                .anySatisfy(s -> assertThat(s).startsWith("4 ").contains("`customer_id` (int) doesn't match"))
                .anySatisfy(s -> assertThat(s).startsWith("5 ").contains("`shop` (code) doesn't match"));
    }

    static final Schema SCHEMA = SchemaBuilder.record("orders").namespace("sales").fields()
            .requiredLong("id").optionalString("name").optionalString("day").endRecord();

    @Test
    @SuppressWarnings("unchecked")
    void keySetRewriteReadsAndWritesThroughFlinkFileSystem() throws Exception {
        Path v1 = backing.resolve("table/v1");
        parquet(v1.resolve("day=d1/part-a.parquet"), row(1, "a", "d1"), row(2, "b", "d1"), row(3, "c", "d1"));
        parquet(v1.resolve("day=d1/part-b.parquet"), row(5, "e", "d1"), row(6, "f", "d1"));  // all replaced
        parquet(v1.resolve("day=d2/part-c.parquet"), row(7, "g", "d2"), row(8, "h", "d2"));  // no incoming key
        parquet(backing.resolve("incoming/in.parquet"), row(2, "B", "d1"), row(5, "E", "d1"), row(6, "F", "d1"),
                row(9, "I", "d2"));
        MergeSpec spec = MergeSpec.of("sales.orders", new WriteStrategy(WriteStrategyType.UPSERT_BY_KEY,
                List.of("id"), null, null, null, null, null, Map.of()), SCHEMA, List.of("day"), null);

        StreamExecutionEnvironment env = flink.environment();
        env.fromData("day=d1/part-a.parquet", "day=d1/part-b.parquet", "day=d2/part-c.parquet").rebalance()
                .map(new KeySetRewrite(spec, ForeignFileSystem.path("/table/v1"),
                        ForeignFileSystem.path("/table/staging"),
                        List.of(ForeignFileSystem.path("/incoming/in.parquet"))), Types.STRING)
                .sinkTo(new DiscardingSink<>());
        Map<String, Object> acc = flink.submit(env, "rewrite").await(Duration.ofMinutes(2)).orElseThrow();

        assertThat((Collection<Object>) acc.get(KeySetRewrite.ACCUMULATOR))
                .containsExactlyInAnyOrder("day=d1/part-a.parquet", "day=d1/part-b.parquet");
        // the incoming file once per subtask, each table file's key columns, part-a's rows once more
        assertThat(ForeignFileSystem.OPENS.get()).isGreaterThanOrEqualTo(5);
        assertThat(ForeignFileSystem.CREATES.get()).as("one rewritten file").isEqualTo(1);
        List<Path> written = files(backing.resolve("table/staging"));
        assertThat(written).hasSize(1);
        assertThat(backing.resolve("table/staging").relativize(written.get(0)).toString())
                .matches("day=d1/merged-[0-9a-f-]{36}\\.parquet");
        assertThat(ParquetTestFiles.read(written.get(0))).extracting(r -> r.get("id") + ":" + r.get("name"))
                .containsExactly("1:a", "3:c");
    }

    private static GenericRecord row(long id, String name, String day) {
        GenericRecord r = new GenericData.Record(SCHEMA);
        r.put("id", id);
        r.put("name", name);
        r.put("day", day);
        return r;
    }

    private static void parquet(Path file, GenericRecord... rows) throws IOException {
        Files.createDirectories(file.getParent());
        try (ParquetWriter<GenericRecord> w = ParquetWriters.open(SCHEMA, new LocalOutputFile(file))) {
            for (GenericRecord r : rows) {
                w.write(r);
            }
        }
    }

    private static List<GenericRecord> readAll(Path dir) throws IOException {
        List<GenericRecord> out = new ArrayList<>();
        for (Path f : files(dir)) {
            out.addAll(ParquetTestFiles.read(f));
        }
        return out;
    }

    /** Finished files only: FileSink's and the recoverable writer's in-progress files are hidden. */
    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    private static void write(Path root, String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
