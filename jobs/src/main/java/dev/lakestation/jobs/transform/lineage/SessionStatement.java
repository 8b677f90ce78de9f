package dev.lakestation.jobs.transform.lineage;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.flink.sql.parser.ddl.SqlCreateFunction;
import org.apache.flink.sql.parser.ddl.SqlDropFunction;
import org.apache.flink.sql.parser.ddl.SqlReset;
import org.apache.flink.sql.parser.ddl.SqlSet;
import org.apache.flink.sql.parser.ddl.view.SqlCreateView;
import org.apache.flink.sql.parser.ddl.view.SqlDropView;

/**
 * One {@code presql} / {@code postsql} statement of a task. They run in the task's Flink SQL session, so only
 * statements that act on that session are meaningful: {@code SET} / {@code RESET} of an option, and
 * {@code CREATE} / {@code DROP TEMPORARY VIEW} or {@code FUNCTION}. Writes ({@code INSERT}, {@code CREATE TABLE},
 * ...) are refused: a task's only write is its result, committed by its write strategy.
 *
 * <pre>{@code
 * SessionStatement s = SessionStatement.parse("CREATE TEMPORARY VIEW big AS SELECT * FROM shop.orders WHERE amount > 10");
 * s.kind();    // CREATE_VIEW
 * s.name();    // "big"
 * s.reads();   // [shop.orders]
 * }</pre>
 *
 * @param kind  what it does
 * @param sql   the statement
 * @param name  the view or function created or dropped, the option set or reset (null for a bare {@code RESET})
 * @param value the value of a {@code SET}, else null
 * @param reads the tables a created view reads
 */
public record SessionStatement(Kind kind, String sql, String name, String value, Set<String> reads) {

    public enum Kind { SET, RESET, CREATE_VIEW, DROP_VIEW, CREATE_FUNCTION, DROP_FUNCTION }

    public SessionStatement {
        reads = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(reads));
    }

    /**
     * Classifies a Flink SQL statement.
     *
     * @throws IllegalArgumentException for a statement that is not a session statement (the message says what it
     *                                  is and what is allowed) or that Flink's parser rejects
     */
    public static SessionStatement parse(String sql) {
        SqlNode node;
        try {
            node = FlinkSqlParsing.parseStatement(sql);
        } catch (SqlParseException e) {
            throw new IllegalArgumentException("Flink's SQL parser: " + (e.getMessage() == null ? ""
                    : e.getMessage().lines().findFirst().orElse("")), e);
        }
        if (node instanceof SqlSet set && set.getKey() != null) {
            return new SessionStatement(Kind.SET, sql, set.getKeyString(), set.getValueString(), Set.of());
        }
        if (node instanceof SqlReset reset) {
            return new SessionStatement(Kind.RESET, sql, reset.getKey() == null ? null : reset.getKeyString(), null,
                    Set.of());
        }
        if (node instanceof SqlCreateView view && view.isTemporary()) {
            return new SessionStatement(Kind.CREATE_VIEW, sql, String.join(".", view.getFullName()), null,
                    TableReferences.of(view.getQuery()));
        }
        if (node instanceof SqlDropView view && view.isTemporary()) {
            return new SessionStatement(Kind.DROP_VIEW, sql, String.join(".", view.getFullName()), null, Set.of());
        }
        if (node instanceof SqlCreateFunction f && f.isTemporary()) {
            return new SessionStatement(Kind.CREATE_FUNCTION, sql, String.join(".", f.getFullName()), null, Set.of());
        }
        if (node instanceof SqlDropFunction f && f.isTemporary()) {
            return new SessionStatement(Kind.DROP_FUNCTION, sql, String.join(".", f.getFullName()), null, Set.of());
        }
        String what = node instanceof SqlSet ? "SET without an option" : node.getKind().sql.replace('_', ' ');
        boolean permanent = node instanceof SqlCreateView || node instanceof SqlDropView
                || node instanceof SqlCreateFunction || node instanceof SqlDropFunction;
        throw new IllegalArgumentException(what + (permanent ? " without TEMPORARY" : "")
                + " is not supported here: presql/postsql run in the task's Flink SQL session, where SET, RESET and "
                + "CREATE/DROP TEMPORARY VIEW|FUNCTION apply; the task's result is its only write");
    }

    /**
     * The tables a task reads: those of its query and of the views its statements create, without those views.
     */
    public static Lineage inputs(Lineage query, List<SessionStatement> statements) {
        Set<String> views = new TreeSet<>();
        Set<String> tables = new TreeSet<>();
        for (SessionStatement s : statements) {
            if (s.kind == Kind.CREATE_VIEW) {
                views.add(s.name);
                tables.addAll(s.reads);
            }
        }
        tables.addAll(query.tables());
        tables.removeIf(t -> views.contains(t) || views.stream().anyMatch(v -> endsWithName(v, t)));
        return new Lineage(tables, query.parsed(), query.parseError());
    }

    /** {@code cat.db.v} is the view {@code v} or {@code db.v} as a query names it. */
    private static boolean endsWithName(String view, String reference) {
        List<String> v = Arrays.asList(view.split("\\."));
        List<String> r = Arrays.asList(reference.split("\\."));
        return r.size() <= v.size() && v.subList(v.size() - r.size(), v.size()).equals(r);
    }
}
