package dev.lakestation.schema.validation;

import dev.lakestation.schema.types.PrimitiveType;

/**
 * A table {@code filter} evaluated on the raw line before validation: Starlake applies the filter of a
 * POSITION table at read time to the one-column input {@code value} (the whole line). Uses the same expression
 * language as {@link Expression}. Thread-safe.
 *
 * <pre>{@code
 * LineFilter f = LineFilter.compile("substring(value, 1, 1) = 'C'");
 * if (f.test(line, ctx)) { ... cut the line into fields ... }
 * }</pre>
 */
public final class LineFilter {

    private final Expression expression;

    private LineFilter(Expression expression) {
        this.expression = expression;
    }

    /** Compiles {@code filter}; the only column is {@code value}. */
    public static LineFilter compile(String filter) {
        Expression.Scope scope = parts -> parts.size() == 1 && parts.get(0).equalsIgnoreCase("value")
                ? new Expression.ColumnRef(0, new String[0], PrimitiveType.STRING) : null;
        return new LineFilter(Expression.compile(filter, scope));
    }

    /** True when the filter is true for {@code line} (null or false drop the line, like SQL WHERE). */
    public boolean test(String line, RecordContext ctx) {
        Object v = expression.evaluate(new RowContext(new Object[] {line}, ctx));
        return Boolean.TRUE.equals(ExprValues.toBoolean(v));
    }

    @Override
    public String toString() {
        return expression.source();
    }

}
