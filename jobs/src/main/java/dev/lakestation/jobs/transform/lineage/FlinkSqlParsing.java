package dev.lakestation.jobs.transform.lineage;

import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.flink.sql.parser.impl.FlinkSqlParserImpl;
import org.apache.flink.sql.parser.validate.FlinkSqlConformance;

/**
 * The one place that configures Flink's SQL parser the way Flink's planner does for the default dialect:
 * back-tick quoting, identifiers kept as written, Flink's conformance.
 *
 * <pre>{@code
 * SqlNode query = FlinkSqlParsing.parseQuery("SELECT a FROM starbake.orders");
 * }</pre>
 */
public final class FlinkSqlParsing {

    /** The parser configuration of Flink's default SQL dialect. */
    public static final SqlParser.Config CONFIG = SqlParser.config()
            .withParserFactory(FlinkSqlParserImpl.FACTORY)
            .withQuoting(Quoting.BACK_TICK)
            .withUnquotedCasing(Casing.UNCHANGED)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(true)
            .withIdentifierMaxLength(256)
            .withConformance(FlinkSqlConformance.DEFAULT);

    private FlinkSqlParsing() {
    }

    /** Parses one query (SELECT, WITH, set operations, ORDER BY). */
    public static SqlNode parseQuery(String sql) throws SqlParseException {
        return SqlParser.create(sql, CONFIG).parseQuery();
    }

    /** Parses one statement (a query, or DDL/DML such as INSERT or CREATE). */
    public static SqlNode parseStatement(String sql) throws SqlParseException {
        return SqlParser.create(sql, CONFIG).parseStmt();
    }

    /** Parses one expression. */
    public static SqlNode parseExpression(String sql) throws SqlParseException {
        return SqlParser.create(sql, CONFIG).parseExpression();
    }
}
