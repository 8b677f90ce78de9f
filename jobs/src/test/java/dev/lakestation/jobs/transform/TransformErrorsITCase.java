package dev.lakestation.jobs.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.jobs.cli.LakestationCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code lakestation transform} prints when a task cannot run: one line per task naming the task, its file,
 * the line and column for SQL errors and Flink's message; for a missing input, which table and whether a load or a
 * task should have produced it. No stack trace without {@code --verbose}.
 */
class TransformErrorsITCase {

    @TempDir
    static Path root;

    @BeforeAll
    static void project() throws IOException {
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
        write("metadata/load/shop/customers.sl.yml", """
                table:
                  name: customers
                  pattern: "customers.*"
                  attributes:
                    - {name: id, type: long, required: true}
                """);
        write("datasets/stage/shop/orders-1.csv", "id,amount\n1,5\n2,50\n");
        StringWriter out = new StringWriter();
        assertThat(LakestationCli.run(new PrintWriter(out), new PrintWriter(out), "load", "--root", root.toString(),
                "--domains", "shop", "--tables", "orders")).as(out.toString()).isZero();

        write("metadata/transform/kpi/upstream.sql", "SELECT id FROM shop.orders\n");
        write("metadata/transform/kpi/needs_load.sql", "SELECT id FROM shop.customers\n");
        write("metadata/transform/kpi/needs_task.sql", "SELECT id FROM kpi.upstream\n");
        write("metadata/transform/kpi/unknown.sql", "SELECT id FROM shop.nothing\n");
        write("metadata/transform/kpi/bad_function.sql", """
                SELECT id,
                       no_such_fn(amount) AS x
                FROM shop.orders
                """);
        write("metadata/transform/kpi/bad_syntax.sql", """
                SELECT id
                FROM shop.orders
                DISTRIBUTE BY id
                """);
    }

    @Test
    void missingInputsSayWhatShouldHaveProducedThem() {
        List<String> lines = failures("kpi.needs_load", "kpi.needs_task", "kpi.unknown");
        Path warehouse = root.resolve("datasets/warehouse");
        assertThat(lines).containsExactly(
                "kpi.needs_load: FAILED — task kpi.needs_load (metadata/transform/kpi/needs_load.sql) reads "
                        + "shop.customers, which has no data in " + warehouse.resolve("shop/customers")
                        + ": load shop.customers first",
                "kpi.needs_task: FAILED — task kpi.needs_task (metadata/transform/kpi/needs_task.sql) reads "
                        + "kpi.upstream, which has no data in " + warehouse.resolve("kpi/upstream")
                        + ": run task kpi.upstream first",
                "kpi.unknown: FAILED — task kpi.unknown (metadata/transform/kpi/unknown.sql) reads shop.nothing, "
                        + "which is neither a loaded table nor the output of a task");
    }

    @Test
    void sqlErrorsNameTheTaskFileLineAndColumnInOneLine() {
        List<String> lines = failures("kpi.bad_function", "kpi.bad_syntax");
        assertThat(lines).containsExactly(
                "kpi.bad_function: FAILED — task kpi.bad_function (metadata/transform/kpi/bad_function.sql:2:8): "
                        + "No match found for function signature no_such_fn(<NUMERIC>)",
                "kpi.bad_syntax: FAILED — task kpi.bad_syntax (metadata/transform/kpi/bad_syntax.sql:3:12): syntax: "
                        + "Flink's SQL parser: Encountered \"BY\" at line 3, column 12.");
    }

    /** Runs the tasks in one command; returns the output lines of the failed ones (and checks there is no more). */
    private static List<String> failures(String... tasks) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LakestationCli.run(new PrintWriter(out), new PrintWriter(err), "transform", "--name",
                String.join(",", tasks), "--root", root.toString(), "--parallelism", "1");
        assertThat(exit).isEqualTo(LakestationCli.EXIT_FAILURE);
        assertThat(err.toString()).doesNotContain("\tat ", "Exception");
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(tasks.length).allSatisfy(l -> assertThat(l).doesNotContain("\tat "));
        return lines;
    }

    private static void write(String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }
}
