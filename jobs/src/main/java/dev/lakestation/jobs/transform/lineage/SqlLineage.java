package dev.lakestation.jobs.transform.lineage;

import org.apache.calcite.sql.parser.SqlParseException;

/**
 * The tables a task's SQL reads, parsed with Flink's SQL parser; Starlake's FROM/JOIN regex only when the parser
 * rejects the text (the result then says so). Give it SQL after variable substitution and dialect translation.
 *
 * <pre>{@code
 * Lineage l = SqlLineage.lineage("WITH x AS (SELECT * FROM starbake.orders) SELECT * FROM x JOIN kpi.a ON ...");
 * l.tables();   // [kpi.a, starbake.orders] — the CTE x is not a table
 * l.parsed();   // true
 * }</pre>
 */
public final class SqlLineage {

    private SqlLineage() {
    }

    /** The referenced tables ({@code domain.table}), parser first, regex fallback. */
    public static java.util.Set<String> tables(String sql) {
        return lineage(sql).tables();
    }

    /** The referenced tables and whether the parser or the regex fallback found them. */
    public static Lineage lineage(String sql) {
        try {
            return new Lineage(TableReferences.of(FlinkSqlParsing.parseQuery(sql)), true, null);
        } catch (SqlParseException | RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            return new Lineage(RegexTableNames.of(sql), false, message);
        }
    }
}
