package dev.lakestation.jobs.transform.dialect;

import dev.lakestation.jobs.transform.lineage.FlinkSqlParsing;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Translates the Spark SQL of a Starlake task into Flink SQL: text-level rewrites for the forms Flink's parser
 * cannot read ({@link SparkTokens}), then tree rewrites of Spark functions and {@code GROUP BY} ordinals
 * ({@link SparkFunctions}), then unparsing with back-quoted identifiers. SQL that needs no translation is returned
 * exactly as given, so Flink's own error positions still point into the task file.
 *
 * <pre>{@code
 * String flink = SparkToFlink.translateQuery("SELECT NVL(a, 0), \"x\" FROM d.t GROUP BY 1", "kpi/t.sql");
 * // SELECT COALESCE(`a`, 0), 'x' FROM `d`.`t` GROUP BY COALESCE(`a`, 0) ...
 * }</pre>
 *
 * @throws DialectException naming the construct, the file and line:column, when a construct cannot be translated
 *                          or the SQL does not parse
 */
public final class SparkToFlink {

    private static final SqlDialect FLINK = new SqlDialect(SqlDialect.EMPTY_CONTEXT
            .withIdentifierQuoteString("`")
            .withIdentifierEscapedQuoteString("``")
            .withUnquotedCasing(Casing.UNCHANGED)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(true));

    private SparkToFlink() {
    }

    /**
     * A translated query. {@code namedStructs} maps an output column built by {@code named_struct(...)} to its field
     * names: Flink has no named row constructor, so the column is a {@code ROW(...)} whose fields the runner renames
     * with a CAST once the planner knows their types ({@link #renameStructFields}).
     */
    public record Translation(String sql, java.util.Map<String, java.util.List<String>> namedStructs) {
    }

    /** Translates one query (SELECT / WITH / set operation). */
    public static String translateQuery(String sql, String file) {
        return translate(sql, file, true).sql();
    }

    /** Translates one query and reports the {@code named_struct} output columns. */
    public static Translation translate(String sql, String file) {
        return translate(sql, file, true);
    }

    /**
     * Wraps a translated query so its {@code named_struct} columns get their field names:
     * {@code SELECT CAST(`c` AS ROW<`a` INT, `b` STRING>) AS `c`, ... FROM (query)}.
     *
     * @param columns the query's output columns with their Flink types (from the planner)
     */
    public static String renameStructFields(Translation t, java.util.List<String> columnNames,
                                            java.util.List<org.apache.flink.table.types.logical.LogicalType> types) {
        if (t.namedStructs().isEmpty()) {
            return t.sql();
        }
        java.util.List<String> items = new java.util.ArrayList<>();
        for (int i = 0; i < columnNames.size(); i++) {
            String c = columnNames.get(i);
            java.util.List<String> names = t.namedStructs().get(c);
            String q = "`" + c.replace("`", "``") + "`";
            if (names == null) {
                items.add(q);
                continue;
            }
            java.util.List<org.apache.flink.table.types.logical.LogicalType> fields = types.get(i).getChildren();
            StringBuilder row = new StringBuilder("ROW<");
            for (int f = 0; f < names.size(); f++) {
                row.append(f == 0 ? "" : ", ").append('`').append(names.get(f).replace("`", "``")).append("` ")
                        .append(fields.get(f).asSerializableString());
            }
            items.add("CAST(" + q + " AS " + row.append('>') + ") AS " + q);
        }
        return "SELECT " + String.join(", ", items) + " FROM (" + t.sql() + ") AS `named_structs`";
    }

    /** Translates one statement (presql/postsql: a query, INSERT, CREATE ...). */
    public static String translateStatement(String sql, String file) {
        return translate(sql, file, false).sql();
    }

    private static Translation translate(String sql, String file, boolean query) {
        SparkTokens.Result text = SparkTokens.rewrite(sql, file);
        SqlNode tree;
        try {
            tree = query ? FlinkSqlParsing.parseQuery(text.sql()) : FlinkSqlParsing.parseStatement(text.sql());
        } catch (SqlParseException e) {
            SqlParserPos pos = e.getPos() == null ? SqlParserPos.ZERO : e.getPos();
            String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new DialectException("syntax", file, pos.getLineNum(), pos.getColumnNum(),
                    "Flink's SQL parser: " + message);
        }
        SparkFunctions rewrite = new SparkFunctions(file);
        java.util.Map<String, java.util.List<String>> structs = query
                ? rewrite.topLevelNamedStructs(tree) : java.util.Map.of();
        SqlNode translated = tree.accept(rewrite);
        if (!rewrite.changed()) {
            return new Translation(text.sql(), structs);
        }
        return new Translation(unparse(translated), structs);
    }

    /** Flink SQL text of a parsed node, identifiers back-quoted. */
    static String unparse(SqlNode node) {
        return node.toSqlString(c -> c.withDialect(FLINK).withQuoteAllIdentifiers(true).withIndentation(0)
                .withClauseStartsLine(false).withClauseEndsLine(false)).getSql();
    }
}
