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

    /** Translates one query (SELECT / WITH / set operation). */
    public static String translateQuery(String sql, String file) {
        return translate(sql, file, true);
    }

    /** Translates one statement (presql/postsql: a query, INSERT, CREATE ...). */
    public static String translateStatement(String sql, String file) {
        return translate(sql, file, false);
    }

    private static String translate(String sql, String file, boolean query) {
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
        SqlNode translated = tree.accept(rewrite);
        if (!rewrite.changed()) {
            return text.sql();
        }
        return unparse(translated);
    }

    /** Flink SQL text of a parsed node, identifiers back-quoted. */
    static String unparse(SqlNode node) {
        return node.toSqlString(c -> c.withDialect(FLINK).withQuoteAllIdentifiers(true).withIndentation(0)
                .withClauseStartsLine(false).withClauseEndsLine(false)).getSql();
    }
}
