package dev.lakestation.jobs.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.jobs.cli.LakestationCli;
import dev.lakestation.jobs.load.Parquet;
import dev.lakestation.jobs.transform.lineage.ProjectDag;
import dev.lakestation.schema.project.ProjectLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code presql} / {@code postsql} of a task run in its Flink SQL session, through {@code lakestation transform}:
 * a view and an option set by one task apply to that task only (the next task of the same session redefines the
 * view and sees the option's previous value), a write statement is refused before anything runs, and a failing
 * postsql fails the task before its commit.
 */
class TransformSessionStatementsITCase {

    private static final DateTimeFormatter FLINK_TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    @TempDir
    Path root;

    private final StringWriter out = new StringWriter();

    @BeforeEach
    void project() throws IOException {
        write("metadata/load/shop/_config.sl.yml", """
                load:
                  name: shop
                  metadata: {format: DSV, separator: ",", withHeader: true, writeStrategy: {type: OVERWRITE}}
                """);
        write("metadata/load/shop/orders.sl.yml", """
                table:
                  name: orders
                  pattern: "orders.*"
                  attributes:
                    - {name: id, type: long, required: true}
                    - {name: amount, type: long}
                """);
        write("datasets/stage/shop/orders-1.csv", "id,amount\n1,5\n2,50\n3,500\n");
        assertThat(cli("load")).as(out.toString()).isZero();
    }

    @Test
    void viewsAndOptionsOfPresqlApplyToTheirTaskOnly() throws Exception {
        write("metadata/transform/kpi/big.sql",
                "SELECT id, amount, CAST(TO_TIMESTAMP_LTZ(0, 3) AS STRING) AS t FROM big_orders\n");
        write("metadata/transform/kpi/big.sl.yml", """
                task:
                  presql:
                    - "SET 'table.local-time-zone' = 'Asia/Kathmandu'"
                    - "CREATE TEMPORARY VIEW big_orders AS SELECT id, amount FROM shop.orders WHERE amount > 10"
                  postsql:
                    - "DROP TEMPORARY VIEW IF EXISTS big_orders"
                """);
        // the same view name again, over the first task's output; no SET: the session's own time zone
        write("metadata/transform/kpi/later.sql",
                "SELECT id, CAST(TO_TIMESTAMP_LTZ(0, 3) AS STRING) AS t FROM big_orders\n");
        write("metadata/transform/kpi/later.sl.yml", """
                task:
                  presql:
                    - "CREATE TEMPORARY VIEW big_orders AS SELECT id FROM kpi.big WHERE amount > 100;"
                """);

        var dag = ProjectDag.of(ProjectLoader.load(root, null).orThrow());
        assertThat(dag.tasks().get("kpi.big").inputs()).extracting(ProjectDag.Input::name)
                .containsExactly("shop.orders");
        assertThat(dag.tasks().get("kpi.later").inputs()).extracting(ProjectDag.Input::name)
                .containsExactly("kpi.big");

        assertThat(cli("transform", "--all")).as(out.toString()).isZero();   // one session for both tasks

        String kathmandu = FLINK_TS.format(LocalDateTime.ofInstant(Instant.EPOCH, ZoneId.of("Asia/Kathmandu")));
        assertThat(rows("big")).extracting(r -> r.get("id") + ":" + r.get("amount") + ":" + r.get("t"))
                .containsExactlyInAnyOrder("2:50:" + kathmandu, "3:500:" + kathmandu);
        String sessionZone = FLINK_TS.format(LocalDateTime.ofInstant(Instant.EPOCH, ZoneId.systemDefault()));
        assertThat(rows("later")).extracting(r -> r.get("id") + ":" + r.get("t"))
                .containsExactly("3:" + sessionZone);
    }

    @Test
    void aWriteStatementIsRefusedBeforeAnythingRuns() throws Exception {
        write("metadata/transform/kpi/copy.sql", "SELECT id FROM shop.orders\n");
        write("metadata/transform/kpi/copy.sl.yml", """
                task:
                  postsql:
                    - "INSERT INTO shop.orders SELECT id, amount FROM shop.orders"
                """);
        assertThat(cli("transform", "--name", "kpi.copy")).isEqualTo(LakestationCli.EXIT_FAILURE);
        String line = out.toString().lines().filter(l -> l.startsWith("kpi.copy: FAILED")).findFirst().orElseThrow();
        assertThat(line).contains("task kpi.copy (metadata/transform/kpi/copy.sl.yml) postsql 1 `INSERT INTO "
                + "shop.orders SELECT id, amount FROM shop.orders`: INSERT is not supported here");
        assertThat(root.resolve("datasets/warehouse/kpi/copy")).doesNotExist();
        assertThat(Parquet.readAll(root.resolve("datasets/warehouse/shop/orders"))).hasSize(3);
    }

    @Test
    void aFailingPostsqlFailsTheTaskBeforeItsCommit() throws Exception {
        write("metadata/transform/kpi/ids.sql", "SELECT id FROM shop.orders WHERE amount > 10\n");
        assertThat(cli("transform", "--name", "kpi.ids")).as(out.toString()).isZero();
        assertThat(rows("ids")).extracting(r -> r.get("id")).containsExactlyInAnyOrder(2L, 3L);

        write("metadata/transform/kpi/ids.sql", "SELECT id FROM shop.orders\n");
        write("metadata/transform/kpi/ids.sl.yml", """
                task:
                  postsql:
                    - "DROP TEMPORARY VIEW no_such_view"
                """);
        assertThat(cli("transform", "--name", "kpi.ids")).isEqualTo(LakestationCli.EXIT_FAILURE);
        assertThat(out.toString()).contains("kpi.ids: FAILED — task kpi.ids (metadata/transform/kpi/ids.sl.yml) "
                + "postsql 1 `DROP TEMPORARY VIEW no_such_view`: ");
        assertThat(out.toString().lines().filter(l -> l.startsWith("kpi.ids: FAILED"))).singleElement()
                .satisfies(l -> assertThat(l).contains("no_such_view").doesNotContain("\tat "));
        assertThat(rows("ids")).extracting(r -> r.get("id")).containsExactlyInAnyOrder(2L, 3L);   // version 1 kept
    }

    private List<GenericRecord> rows(String task) throws IOException {
        return Parquet.readAll(root.resolve("datasets/warehouse/kpi").resolve(task));
    }

    private int cli(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--root";
        all[args.length + 1] = root.toString();
        all[args.length + 2] = "--parallelism";
        all[args.length + 3] = "2";
        return LakestationCli.run(new PrintWriter(out, true), new PrintWriter(out, true), all);
    }

    private void write(String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }
}
