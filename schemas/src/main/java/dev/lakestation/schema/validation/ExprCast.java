package dev.lakestation.schema.validation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.Function;

/** {@code CAST(x AS type)} with Spark's non-ANSI semantics (null when the cast fails). */
final class ExprCast extends ExprNode {

    private final ExprNode e;
    private final String type;
    private final int precision;
    private final int scale;

    private ExprCast(ExprNode e, String type, int precision, int scale) {
        this.e = e;
        this.type = type;
        this.precision = precision;
        this.scale = scale;
    }

    static ExprNode of(ExprNode e, String type, int precision, int scale, Function<String, ExpressionException> error) {
        switch (type) {
            case "string": case "varchar": case "long": case "bigint": case "int": case "integer": case "short":
            case "smallint": case "byte": case "tinyint": case "double": case "float": case "decimal": case "numeric":
            case "boolean": case "date": case "timestamp":
                return new ExprCast(e, type, precision, scale);
            default:
                throw error.apply("unsupported CAST type `" + type + "`");
        }
    }

    @Override
    Object eval(EvalContext ctx) {
        Object v = e.eval(ctx);
        if (v == null) {
            return null;
        }
        switch (type) {
            case "string": case "varchar":
                return ExprValues.toText(v);
            case "long": case "bigint":
                return ExprValues.toLong(v);
            case "int": case "integer":
                return narrow(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case "short": case "smallint":
                return narrow(v, Short.MIN_VALUE, Short.MAX_VALUE);
            case "byte": case "tinyint":
                return narrow(v, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case "double": case "float":
                return ExprValues.toDouble(v);
            case "decimal": case "numeric": {
                BigDecimal d = ExprValues.toDecimal(v);
                if (d == null) {
                    return null;
                }
                BigDecimal s = d.setScale(scale, RoundingMode.HALF_UP);
                return s.precision() > precision && s.signum() != 0 ? null : s;
            }
            case "boolean":
                return ExprValues.toBoolean(v);
            case "date":
                return ExprValues.toDate(v);
            default:
                return ExprValues.toTimestamp(v);
        }
    }

    private static Long narrow(Object v, long min, long max) {
        Long l = v instanceof String ? dev.lakestation.schema.types.SparkCasts.parseIntegral((String) v, min, max)
                : ExprValues.toLong(v);
        if (l == null) {
            return null;
        }
        return l < min || l > max ? null : l;
    }
}
