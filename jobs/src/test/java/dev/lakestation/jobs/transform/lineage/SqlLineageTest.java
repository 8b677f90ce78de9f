package dev.lakestation.jobs.transform.lineage;

import dev.lakestation.schema.project.Project;
import dev.lakestation.schema.project.ProjectLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsed lineage of starbake and of SQL the regex gets wrong; the fallback says it was used. */
class SqlLineageTest {

    private static final Path STARBAKE = Path.of("../examples/starbake").toAbsolutePath().normalize();

    @Test
    void starbakeTasks() {
        ProjectDag dag = ProjectDag.of(ProjectLoader.load(STARBAKE, null).orThrow());
        Map<String, ProjectDag.TaskNode> t = dag.tasks();
        assertThat(t.keySet()).containsExactly("kpi.delivery_summary", "kpi.order_items_analysis", "kpi.order_summary",
                "kpi.product_summary", "kpi.revenue_summary", "kpi.sales_by_store");
        assertThat(t.get("kpi.sales_by_store").inputs()).containsExactly(
                new ProjectDag.Input("starbake.sales", ProjectDag.Kind.TABLE, null));   // the station-fed table
        assertThat(t.get("kpi.order_items_analysis").inputs()).containsExactly(
                new ProjectDag.Input("starbake.order_lines", ProjectDag.Kind.TABLE, null),
                new ProjectDag.Input("starbake.products", ProjectDag.Kind.TABLE, null));   // not the CTE order_details
        assertThat(t.get("kpi.order_summary").inputs()).containsExactly(
                new ProjectDag.Input("kpi.product_summary", ProjectDag.Kind.TASK, "kpi.product_summary"),
                new ProjectDag.Input("kpi.revenue_summary", ProjectDag.Kind.TASK, "kpi.revenue_summary"));
        assertThat(t.get("kpi.product_summary").inputs()).extracting(ProjectDag.Input::name)
                .containsExactly("starbake.order_lines", "starbake.orders", "starbake.products");
        assertThat(t.get("kpi.revenue_summary").inputs()).extracting(ProjectDag.Input::name)
                .containsExactly("starbake.order_lines", "starbake.orders");
        assertThat(t.values()).allSatisfy(n -> assertThat(n.lineage().parsed()).isTrue());
        assertThat(dag.unknownInputs()).isEmpty();
        assertThat(dag.cycle()).isEmpty();
        assertThat(dag.order()).containsSubsequence("kpi.product_summary", "kpi.order_summary");
        assertThat(dag.order()).containsSubsequence("kpi.revenue_summary", "kpi.order_summary");
    }

    @Test
    void ctesAreNotTablesButWhatTheyReadIs() {
        Lineage l = SqlLineage.lineage("""
                WITH a AS (SELECT * FROM d.t1), b AS (SELECT * FROM a JOIN d.t2 ON a.x = t2.x)
                SELECT * FROM b, a""");
        assertThat(l.parsed()).isTrue();
        assertThat(l.tables()).containsExactly("d.t1", "d.t2");
    }

    @Test
    void subqueriesJoinsUnionsInSelectAndBackticks() {
        String sql = """
                SELECT x, (SELECT MAX(y) FROM d.scalar) m FROM (SELECT x FROM `d`.`inner`) s
                LEFT JOIN d.j1 j ON s.x = j.x
                WHERE s.x IN (SELECT x FROM d.inlist) AND EXISTS (SELECT 1 FROM d.ex WHERE ex.x = s.x)
                UNION ALL SELECT x, 1 FROM d.u2
                ORDER BY 1""";
        assertThat(SqlLineage.tables(sql)).containsExactly("d.ex", "d.inlist", "d.inner", "d.j1", "d.scalar", "d.u2");
    }

    @Test
    void aCteShadowsOnlyInsideItsScope() {
        assertThat(SqlLineage.tables("SELECT * FROM (WITH t AS (SELECT 1 x) SELECT * FROM t) q JOIN t ON true"))
                .containsExactly("t");
    }

    @Test
    void regexFallbackWhenTheParserRejectsTheText() {
        Lineage l = SqlLineage.lineage("SELECT a FROM d.t1 x, d.t2 JOIN `d`.`t3` ON x.a = t3.a DISTRIBUTE BY a");
        assertThat(l.parsed()).isFalse();
        assertThat(l.method()).isEqualTo("regex fallback");
        assertThat(l.parseError()).contains("DISTRIBUTE");
        assertThat(l.tables()).containsExactly("d.t1", "d.t2", "d.t3");
    }

    @Test
    void cycleAndUnknownInputsAreReported(@TempDir Path root) throws Exception {
        Path kpi = root.resolve("metadata/transform/kpi");
        Files.createDirectories(kpi);
        Files.writeString(kpi.resolve("a.sql"), "SELECT * FROM kpi.b");
        Files.writeString(kpi.resolve("b.sql"), "SELECT * FROM kpi.c c JOIN raw.missing m ON c.x = m.x");
        Files.writeString(kpi.resolve("c.sql"), "SELECT * FROM kpi.a");
        Project p = ProjectLoader.load(root, null).orThrow();
        ProjectDag dag = ProjectDag.of(p);
        assertThat(dag.cycle()).contains(List.of("kpi.a", "kpi.b", "kpi.c", "kpi.a"));
        assertThat(dag.unknownInputs()).containsExactly("kpi.b (metadata/transform/kpi/b.sql): raw.missing");
        assertThatThrownBy(dag::order).hasMessage("dependency cycle: kpi.a -> kpi.b -> kpi.c -> kpi.a");
    }
}
