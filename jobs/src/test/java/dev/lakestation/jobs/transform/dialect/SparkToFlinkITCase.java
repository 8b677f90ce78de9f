package dev.lakestation.jobs.transform.dialect;

import dev.lakestation.jobs.transform.TransformJob;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every supported Spark form, translated and run on Flink 2.3 (batch, local), gives the result Spark gives
 * (Spark's results written here from Spark's documented semantics). Each Spark form also fails on Flink as written.
 */
class SparkToFlinkITCase {

    private static final String T = "(VALUES (1, 'a', CAST(NULL AS INT), DATE '2024-03-01', 2.5),"
            + " (2, 'b', 7, DATE '2024-01-31', 1.0)) AS t (id, s, n, d, x)";
    static TableEnvironment tEnv;

    @BeforeAll
    static void session() {
        tEnv = TransformJob.localBatchEnvironment(1);
    }

    private static List<String> run(String spark) {
        String flink = SparkToFlink.translateQuery(spark, "kpi/t.sql");
        List<String> out = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.sqlQuery(flink).execute().collect()) {
            it.forEachRemaining(r -> out.add(java.util.stream.IntStream.range(0, r.getArity())
                    .mapToObj(i -> r.getField(i) instanceof Object[] a ? java.util.Arrays.toString(a)
                            : String.valueOf(r.getField(i))).collect(Collectors.joining("|"))));
        } catch (Exception e) {
            throw new AssertionError(flink + " -> " + e, e);
        }
        out.sort(null);
        return out;
    }

    private static void failsOnFlinkAsWritten(String spark) {
        assertThatThrownBy(() -> tEnv.sqlQuery(spark).execute().collect().forEachRemaining(r -> { }))
                .isInstanceOf(Exception.class);
    }

    @Test
    void concatOperatorOverNonStrings() {
        String q = "SELECT s || '-' || id || '/' || x FROM " + T;
        failsOnFlinkAsWritten(q);
        assertThat(run(q)).containsExactly("a-1/2.5", "b-2/1.0");
    }

    @Test
    void concatFunctionOverNonStrings() {
        String q = "SELECT CONCAT(s, id, d) FROM " + T;
        failsOnFlinkAsWritten(q);
        assertThat(run(q)).containsExactly("a12024-03-01", "b22024-01-31");
    }

    @Test
    void nvlAndNvl2() {
        String q = "SELECT id, NVL(n, -1), NVL2(n, 'set', 'unset') FROM " + T;
        failsOnFlinkAsWritten(q);
        assertThat(run(q)).containsExactly("1|-1|unset", "2|7|set");
    }

    @Test
    void datediffDateAddDateSub() {
        String q = "SELECT id, DATEDIFF(d, DATE '2024-01-01'), date_add(d, 1), date_sub(d, 1) FROM " + T;
        failsOnFlinkAsWritten(q);
        assertThat(run(q)).containsExactly("1|60|2024-03-02|2024-02-29", "2|30|2024-02-01|2024-01-30");
    }

    @Test
    void collectListSkipsNullsSizeCountsThem() {
        String q = "SELECT size(collect_list(n)) FROM " + T;
        failsOnFlinkAsWritten(q);
        assertThat(run(q)).containsExactly("1");
    }

    @Test
    void collectSet() {
        String q = "SELECT size(collect_set(s)) FROM (SELECT s FROM " + T + " UNION ALL SELECT 'a') AS u";
        failsOnFlinkAsWritten(q);
        assertThat(run(q)).containsExactly("2");
    }

    @Test
    void collectListValues() {
        String q = "SELECT collect_list(n) FROM " + T;
        assertThat(run(q)).containsExactly("[7]");
    }

    @Test
    void stringAgg() {
        String q = "SELECT string_agg(s, ',') FROM (SELECT s FROM " + T + " ORDER BY s) AS u";
        failsOnFlinkAsWritten(q);
        assertThat(run(q)).hasSize(1).first().satisfies(v -> assertThat(v).isIn("a,b", "b,a"));
    }

    @Test
    void doubleQuotedStringLiterals() {
        String q = "SELECT \"it's\" AS a, s FROM " + T + " WHERE s = \"a\"";
        failsOnFlinkAsWritten(q);
        assertThat(run(q)).containsExactly("it's|a");
    }

    @Test
    void groupByOrdinals() {
        String q = "SELECT s = 'a' AS first, COUNT(*) FROM " + T + " GROUP BY 1";
        failsOnFlinkAsWritten(q);
        assertThat(run(q)).containsExactly("false|1", "true|1");
    }

    @Test
    void lateralViewExplode() {
        String arrays = "(VALUES (1, ARRAY[10, 20]), (2, ARRAY[30])) AS t (id, arr)";
        String q = "SELECT id, v FROM " + arrays + " LATERAL VIEW explode(arr) e AS v";
        failsOnFlinkAsWritten(q);
        assertThat(run(q)).containsExactly("1|10", "1|20", "2|30");
    }

    @Test
    void reservedWordAfterQualifier() {
        String q = "SELECT t.timestamp FROM (VALUES (1)) AS t (`timestamp`)";
        failsOnFlinkAsWritten(q);
        assertThat(run(q)).containsExactly("1");
    }

    @Test
    void namedStructAsAnOutputColumn() {
        String q = "SELECT id, named_struct('k', s, 'v', NVL(n, 0)) AS kv FROM " + T;
        failsOnFlinkAsWritten(q);
        SparkToFlink.Translation t = SparkToFlink.translate(q, "kpi/t.sql");
        assertThat(t.namedStructs()).containsEntry("kv", List.of("k", "v"));
        org.apache.flink.table.catalog.ResolvedSchema rows = tEnv.sqlQuery(t.sql()).getResolvedSchema();
        String flink = SparkToFlink.renameStructFields(t, rows.getColumnNames(), rows.getColumnDataTypes().stream()
                .map(org.apache.flink.table.types.DataType::getLogicalType).toList());
        org.apache.flink.table.api.Table result = tEnv.sqlQuery(flink);
        assertThat(result.getResolvedSchema().getColumnDataTypes().get(1).getLogicalType()
                .asSummaryString()).startsWith("ROW<`k` ").contains("`v` ");
        List<String> out = new ArrayList<>();
        try (CloseableIterator<Row> it = tEnv.sqlQuery("SELECT id, kv.k, kv.v FROM (" + flink + ")").execute()
                .collect()) {
            it.forEachRemaining(r -> out.add(r.getField(0) + "|" + r.getField(1) + "|" + r.getField(2)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        out.sort(null);
        assertThat(out).containsExactly("1|a|0", "2|b|7");
    }

    @Test
    void untranslatableConstructNamesItFileAndPosition() {
        assertThatThrownBy(() -> SparkToFlink.translateQuery("SELECT id,\n  size(named_struct('a', id)) FROM d.t", "kpi/x.sql"))
                .isInstanceOf(DialectException.class)
                .hasMessageStartingWith("kpi/x.sql:2:8: named_struct: ");
        assertThatThrownBy(() -> SparkToFlink.translateQuery("SELECT transform(arr, x -> x + 1) FROM d.t", "kpi/y.sql"))
                .isInstanceOf(DialectException.class)
                .hasMessageStartingWith("kpi/y.sql:1:25: lambda function (->)");
        assertThatThrownBy(() -> SparkToFlink.translateQuery("SELECT a FROM d.t LATERAL VIEW posexplode(arr) p",
                "kpi/z.sql"))
                .isInstanceOf(DialectException.class)
                .hasMessageStartingWith("kpi/z.sql:1:19: LATERAL VIEW posexplode");
        assertThatThrownBy(() -> SparkToFlink.translateQuery("SELECT a FROM d.t DISTRIBUTE BY a", "kpi/w.sql"))
                .isInstanceOf(DialectException.class)
                .hasMessageStartingWith("kpi/w.sql:1:")
                .hasMessageContaining("syntax");
    }

    @Test
    void sqlWithoutSparkFormsIsReturnedUnchanged() {
        String q = "SELECT o.order_id, LISTAGG(p.name) FROM starbake.orders o GROUP BY o.order_id";
        assertThat(SparkToFlink.translateQuery(q, "f.sql")).isEqualTo(q);
    }
}
