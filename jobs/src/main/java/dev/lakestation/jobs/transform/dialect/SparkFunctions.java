package dev.lakestation.jobs.transform.dialect;

import dev.lakestation.jobs.transform.lineage.FlinkSqlParsing;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Rewrites Spark functions and clauses on the parsed tree into their Flink forms. A replacement is written as Flink
 * SQL text over the already-translated operands and parsed back, so every Flink-only syntax ({@code TIMESTAMPDIFF}
 * units, {@code CAST AS STRING}) comes from Flink's own parser.
 */
final class SparkFunctions extends SqlShuttle {

    /** Spark functions without a Flink translation, with what to write instead. */
    private static final Map<String, String> UNSUPPORTED = Map.of(
            "EXPLODE", "explode in a SELECT list is a Spark generator; use LATERAL VIEW explode(...) t AS c",
            "POSEXPLODE", "use CROSS JOIN UNNEST(arr) WITH ORDINALITY AS t (c, pos) (Flink's ordinal is 1-based)",
            "INLINE", "use CROSS JOIN UNNEST(arr) AS t (f1, f2, ...)",
            "NAMED_STRUCT", "translated only as a whole output column (named_struct(...) AS c); elsewhere write "
                    + "CAST(ROW(v1, v2) AS ROW<a T1, b T2>)",
            "TRANSFORM", "Flink SQL has no lambda functions",
            "AGGREGATE", "Flink SQL has no lambda functions",
            "ZIP_WITH", "Flink SQL has no lambda functions");

    /** The name {@link SparkTokens} gives Spark's {@code string_agg} (a reserved word of Flink's parser). */
    static final String STRING_AGG_PLACEHOLDER = "SPARK_STRING_AGG";

    private static final Set<String> CONCATS = Set.of("||", "CONCAT");

    private final String file;
    private boolean changed;

    SparkFunctions(String file) {
        this.file = file;
    }

    boolean changed() {
        return changed;
    }

    @Override
    public SqlNode visit(SqlCall call) {
        if (call instanceof SqlSelect select) {
            groupByOrdinals(select);
        }
        SqlNode visited = super.visit(call);
        if (!(visited instanceof SqlCall c) || c.getKind() == SqlKind.SELECT) {
            return visited;
        }
        String name = c.getOperator().getName().toUpperCase(Locale.ROOT);
        SqlParserPos pos = call.getParserPosition();
        List<SqlNode> args = c.getOperandList();
        String unsupported = UNSUPPORTED.get(name);
        if (unsupported != null && c.getOperator().getSyntax() == org.apache.calcite.sql.SqlSyntax.FUNCTION) {
            throw new DialectException(name.toLowerCase(Locale.ROOT), file, pos.getLineNum(), pos.getColumnNum(),
                    unsupported);
        }
        String replacement = switch (name) {
            case "NVL" -> arity(c, name, 2) ? template("COALESCE(%s, %s)", args) : null;
            case "NVL2" -> arity(c, name, 3)
                    ? template("CASE WHEN %s IS NOT NULL THEN %s ELSE %s END", args) : null;
            case "DATEDIFF" -> arity(c, name, 2) ? template(
                    "TIMESTAMPDIFF(DAY, CAST(CAST(%2$s AS DATE) AS TIMESTAMP), CAST(CAST(%1$s AS DATE) AS TIMESTAMP))",
                    args) : null;
            case "DATE_ADD" -> arity(c, name, 2) ? template("TIMESTAMPADD(DAY, %2$s, CAST(%1$s AS DATE))", args) : null;
            case "DATE_SUB" -> arity(c, name, 2)
                    ? template("TIMESTAMPADD(DAY, -(%2$s), CAST(%1$s AS DATE))", args) : null;
            case "COLLECT_LIST" -> arity(c, name, 1) ? collect(c, args, false) : null;
            case "COLLECT_SET" -> arity(c, name, 1) ? collect(c, args, true) : null;
            case STRING_AGG_PLACEHOLDER -> args.size() == 1 ? template("LISTAGG(%s, '')", args)
                    : arity(c, name, 2) ? template("LISTAGG(%s, %s)", args) : null;
            case "SIZE" -> arity(c, name, 1) ? template("CARDINALITY(%s)", args) : null;
            case "||", "CONCAT" -> concat(c, name, args);
            default -> null;
        };
        if (replacement == null) {
            return visited;
        }
        changed = true;
        try {
            return FlinkSqlParsing.parseExpression(replacement);
        } catch (SqlParseException e) {
            throw new IllegalStateException("translation of " + name + " produced unparsable SQL: " + replacement, e);
        }
    }

    /**
     * Replaces {@code named_struct('a', x, 'b', y) AS c} items of the outermost SELECT by {@code ROW(x, y) AS c}
     * and returns {@code c → [a, b]}; a named_struct anywhere else stays and fails in {@link #visit}.
     */
    java.util.Map<String, List<String>> topLevelNamedStructs(SqlNode tree) {
        SqlNode body = tree instanceof org.apache.calcite.sql.SqlOrderBy o ? o.query : tree;
        java.util.Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        if (!(body instanceof SqlSelect select)) {
            return out;
        }
        SqlNodeList list = select.getSelectList();
        for (int i = 0; i < list.size(); i++) {
            SqlNode item = list.get(i);
            if (!(item.getKind() == SqlKind.AS && ((SqlCall) item).operand(0) instanceof SqlCall fn
                    && fn.getOperator().getName().equalsIgnoreCase("NAMED_STRUCT"))) {
                continue;
            }
            SqlParserPos pos = fn.getParserPosition();
            if (fn.operandCount() == 0 || fn.operandCount() % 2 != 0) {
                throw new DialectException("named_struct", file, pos.getLineNum(), pos.getColumnNum(),
                        "expects name, value pairs");
            }
            List<String> names = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int k = 0; k < fn.operandCount(); k += 2) {
                if (!(fn.operand(k) instanceof SqlCharStringLiteral name)) {
                    throw new DialectException("named_struct", file, pos.getLineNum(), pos.getColumnNum(),
                            "field names must be string literals");
                }
                names.add(name.getValueAs(String.class));
                values.add(SparkToFlink.unparse(fn.operand(k + 1).accept(this)));
            }
            SqlCall as = (SqlCall) item;
            try {
                as.setOperand(0, FlinkSqlParsing.parseExpression("ROW(" + String.join(", ", values) + ")"));
            } catch (SqlParseException e) {
                throw new IllegalStateException("named_struct translation produced unparsable SQL: " + values, e);
            }
            out.put(((org.apache.calcite.sql.SqlIdentifier) as.operand(1)).getSimple(), List.copyOf(names));
            changed = true;
        }
        return out;
    }

    /** {@code GROUP BY 1, 2}: Flink has no ordinals there, so the n-th select expression is repeated. */
    private void groupByOrdinals(SqlSelect select) {
        SqlNodeList group = select.getGroup();
        if (group == null) {
            return;
        }
        List<SqlNode> items = new ArrayList<>();
        boolean any = false;
        for (SqlNode g : group) {
            if (g instanceof SqlNumericLiteral n && n.isInteger()) {
                int i = n.intValue(true);
                SqlParserPos pos = g.getParserPosition();
                if (i < 1 || i > select.getSelectList().size()) {
                    throw new DialectException("GROUP BY " + i, file, pos.getLineNum(), pos.getColumnNum(),
                            "ordinal out of range (1.." + select.getSelectList().size() + ")");
                }
                SqlNode item = select.getSelectList().get(i - 1);
                if (item.getKind() == SqlKind.AS) {
                    item = ((SqlCall) item).operand(0);
                }
                if (item.toString().contains("*")) {
                    throw new DialectException("GROUP BY " + i, file, pos.getLineNum(), pos.getColumnNum(),
                            "the ordinal names a * select item");
                }
                items.add(item);
                any = true;
            } else {
                items.add(g);
            }
        }
        if (any) {
            select.setGroupBy(new SqlNodeList(items, group.getParserPosition()));
            changed = true;
        }
    }

    /** Spark's {@code ||} and {@code concat} cast numbers, dates and booleans to strings; Flink's accept strings only. */
    private String concat(SqlCall c, String name, List<SqlNode> args) {
        if (args.stream().allMatch(a -> a instanceof SqlCharStringLiteral || isConcat(a) || isStringCast(a))) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (SqlNode a : args) {
            parts.add(a instanceof SqlCharStringLiteral || isConcat(a) || isStringCast(a)
                    ? SparkToFlink.unparse(a) : "CAST(" + SparkToFlink.unparse(a) + " AS STRING)");
        }
        return name.equals("||") ? String.join(" || ", parts) : "CONCAT(" + String.join(", ", parts) + ")";
    }

    /** Spark's collect_list/collect_set skip nulls. */
    private String collect(SqlCall c, List<SqlNode> args, boolean distinct) {
        String x = SparkToFlink.unparse(args.get(0));
        return "ARRAY_AGG(" + (distinct ? "DISTINCT " : "") + x + ") FILTER (WHERE " + x + " IS NOT NULL)";
    }

    private static boolean isConcat(SqlNode n) {
        return n instanceof SqlCall c && CONCATS.contains(c.getOperator().getName().toUpperCase(Locale.ROOT));
    }

    private static boolean isStringCast(SqlNode n) {
        return n instanceof SqlCall c && c.getKind() == SqlKind.CAST
                && c.operand(1).toString().toUpperCase(Locale.ROOT).matches("STRING|VARCHAR.*|CHAR.*");
    }

    private boolean arity(SqlCall c, String name, int n) {
        if (c.operandCount() != n) {
            SqlParserPos pos = c.getParserPosition();
            throw new DialectException(name.toLowerCase(Locale.ROOT), file, pos.getLineNum(), pos.getColumnNum(),
                    "expects " + n + " argument" + (n == 1 ? "" : "s") + ", got " + c.operandCount());
        }
        return true;
    }

    private static String template(String format, List<SqlNode> args) {
        Object[] parts = args.stream().map((Function<SqlNode, String>) SparkToFlink::unparse).toArray();
        return String.format(Locale.ROOT, format, parts);
    }
}
