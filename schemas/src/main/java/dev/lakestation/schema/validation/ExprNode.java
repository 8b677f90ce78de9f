package dev.lakestation.schema.validation;

import dev.lakestation.schema.types.PrimitiveType;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.avro.generic.GenericRecord;

/** Compiled expression tree nodes. Immutable; evaluation allocates only result values. */
abstract class ExprNode {

    abstract Object eval(EvalContext ctx);

    /** True when the node is a constant (lets functions precompile regexes and formats). */
    boolean isLiteral() {
        return false;
    }

    static final class Literal extends ExprNode {
        final Object value;

        Literal(Object value) {
            this.value = value;
        }

        @Override
        Object eval(EvalContext ctx) {
            return value;
        }

        @Override
        boolean isLiteral() {
            return true;
        }
    }

    /** A column, possibly a field inside a struct column ({@code a.b}). */
    static final class Column extends ExprNode {
        final int slot;
        final String[] path;
        final PrimitiveType type;

        Column(int slot, String[] path, PrimitiveType type) {
            this.slot = slot;
            this.path = path;
            this.type = type;
        }

        @Override
        Object eval(EvalContext ctx) {
            Object v = ctx.column(slot);
            for (String p : path) {
                if (!(v instanceof GenericRecord)) {
                    return null;
                }
                v = ((GenericRecord) v).get(p);
            }
            if (type == null) {
                return v; // struct or array value, passed through
            }
            return ExprValues.fromAvro(v, type);
        }
    }

    static final class InputFileName extends ExprNode {
        @Override
        Object eval(EvalContext ctx) {
            return ctx.inputFileName();
        }
    }

    static final class Not extends ExprNode {
        final ExprNode e;

        Not(ExprNode e) {
            this.e = e;
        }

        @Override
        Object eval(EvalContext ctx) {
            Boolean b = ExprValues.toBoolean(e.eval(ctx));
            return b == null ? null : !b;
        }
    }

    static final class Negate extends ExprNode {
        final ExprNode e;

        Negate(ExprNode e) {
            this.e = e;
        }

        @Override
        Object eval(EvalContext ctx) {
            Object n = ExprValues.toNumber(e.eval(ctx));
            if (n instanceof Long) {
                return -(Long) n;
            }
            if (n instanceof Double) {
                return -(Double) n;
            }
            return n == null ? null : ((BigDecimal) n).negate();
        }
    }

    /** AND / OR with SQL three-valued logic. */
    static final class Logic extends ExprNode {
        final boolean and;
        final ExprNode l;
        final ExprNode r;

        Logic(boolean and, ExprNode l, ExprNode r) {
            this.and = and;
            this.l = l;
            this.r = r;
        }

        @Override
        Object eval(EvalContext ctx) {
            Boolean a = ExprValues.toBoolean(l.eval(ctx));
            if (and && Boolean.FALSE.equals(a)) {
                return false;
            }
            if (!and && Boolean.TRUE.equals(a)) {
                return true;
            }
            Boolean b = ExprValues.toBoolean(r.eval(ctx));
            if (and) {
                if (Boolean.FALSE.equals(b)) {
                    return false;
                }
                return a == null || b == null ? null : Boolean.TRUE;
            }
            if (Boolean.TRUE.equals(b)) {
                return true;
            }
            return a == null || b == null ? null : Boolean.FALSE;
        }
    }

    static final class Compare extends ExprNode {
        final String op;
        final ExprNode l;
        final ExprNode r;

        Compare(String op, ExprNode l, ExprNode r) {
            this.op = op;
            this.l = l;
            this.r = r;
        }

        @Override
        Object eval(EvalContext ctx) {
            Integer c = ExprValues.compare(l.eval(ctx), r.eval(ctx));
            if (c == null) {
                return null;
            }
            switch (op) {
                case "=": return c == 0;
                case "<>": return c != 0;
                case "<": return c < 0;
                case "<=": return c <= 0;
                case ">": return c > 0;
                default: return c >= 0;
            }
        }
    }

    static final class IsNull extends ExprNode {
        final ExprNode e;
        final boolean negated;

        IsNull(ExprNode e, boolean negated) {
            this.e = e;
            this.negated = negated;
        }

        @Override
        Object eval(EvalContext ctx) {
            return (e.eval(ctx) == null) != negated;
        }
    }

    static final class In extends ExprNode {
        final ExprNode e;
        final List<ExprNode> values;
        final boolean negated;

        In(ExprNode e, List<ExprNode> values, boolean negated) {
            this.e = e;
            this.values = values;
            this.negated = negated;
        }

        @Override
        Object eval(EvalContext ctx) {
            Object v = e.eval(ctx);
            if (v == null) {
                return null;
            }
            boolean sawNull = false;
            for (ExprNode n : values) {
                Integer c = ExprValues.compare(v, n.eval(ctx));
                if (c == null) {
                    sawNull = true;
                } else if (c == 0) {
                    return !negated;
                }
            }
            return sawNull ? null : negated;
        }
    }

    /** {@code LIKE} with {@code %} and {@code _}, compiled once when the pattern is a literal. */
    static final class Like extends ExprNode {
        final ExprNode e;
        final ExprNode pattern;
        final Pattern compiled;
        final boolean negated;

        Like(ExprNode e, ExprNode pattern, boolean negated) {
            this.e = e;
            this.pattern = pattern;
            this.negated = negated;
            this.compiled = pattern.isLiteral() && pattern.eval(null) != null
                    ? toRegex(ExprValues.toText(pattern.eval(null))) : null;
        }

        static Pattern toRegex(String like) {
            StringBuilder sb = new StringBuilder("(?s)");
            for (int i = 0; i < like.length(); i++) {
                char c = like.charAt(i);
                if (c == '\\' && i + 1 < like.length()) {
                    sb.append(Pattern.quote(String.valueOf(like.charAt(++i))));
                } else if (c == '%') {
                    sb.append(".*");
                } else if (c == '_') {
                    sb.append('.');
                } else {
                    sb.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(sb.toString());
        }

        @Override
        Object eval(EvalContext ctx) {
            String s = ExprValues.toText(e.eval(ctx));
            if (s == null) {
                return null;
            }
            Pattern p = compiled;
            if (p == null) {
                String like = ExprValues.toText(pattern.eval(ctx));
                if (like == null) {
                    return null;
                }
                p = toRegex(like);
            }
            return p.matcher(s).matches() != negated;
        }
    }

    /** + - * / % and || (string concatenation). */
    static final class Arith extends ExprNode {
        final char op;
        final ExprNode l;
        final ExprNode r;

        Arith(char op, ExprNode l, ExprNode r) {
            this.op = op;
            this.l = l;
            this.r = r;
        }

        @Override
        Object eval(EvalContext ctx) {
            Object a = l.eval(ctx);
            Object b = r.eval(ctx);
            if (a == null || b == null) {
                return null;
            }
            if (op == '|') {
                return ExprValues.toText(a) + ExprValues.toText(b);
            }
            Object x = ExprValues.toNumber(a);
            Object y = ExprValues.toNumber(b);
            if (x == null || y == null) {
                return null;
            }
            if (op == '/') {
                if (x instanceof BigDecimal || y instanceof BigDecimal) {
                    BigDecimal dy = ExprValues.toDecimal(y);
                    return dy.signum() == 0 ? null : ExprValues.toDecimal(x).divide(dy, MathContext.DECIMAL128);
                }
                double dy = ((Number) y).doubleValue();
                return dy == 0 ? null : ((Number) x).doubleValue() / dy; // Spark: x / 0 is null
            }
            if (x instanceof Long && y instanceof Long) {
                long p = (Long) x;
                long q = (Long) y;
                switch (op) {
                    case '+': return p + q;
                    case '-': return p - q;
                    case '*': return p * q;
                    default: return q == 0 ? null : (Object) (p % q);
                }
            }
            if (x instanceof Double || y instanceof Double) {
                double p = ((Number) x).doubleValue();
                double q = ((Number) y).doubleValue();
                switch (op) {
                    case '+': return p + q;
                    case '-': return p - q;
                    case '*': return p * q;
                    default: return q == 0 ? null : (Object) (p % q);
                }
            }
            BigDecimal p = ExprValues.toDecimal(x);
            BigDecimal q = ExprValues.toDecimal(y);
            switch (op) {
                case '+': return p.add(q);
                case '-': return p.subtract(q);
                case '*': return p.multiply(q);
                default: return q.signum() == 0 ? null : p.remainder(q);
            }
        }
    }

    /** {@code CASE [WHEN c THEN v]... [ELSE e] END}, also the simple form {@code CASE x WHEN v THEN ...}. */
    static final class Case extends ExprNode {
        final ExprNode subject;
        final List<ExprNode> whens;
        final List<ExprNode> thens;
        final ExprNode otherwise;

        Case(ExprNode subject, List<ExprNode> whens, List<ExprNode> thens, ExprNode otherwise) {
            this.subject = subject;
            this.whens = whens;
            this.thens = thens;
            this.otherwise = otherwise;
        }

        @Override
        Object eval(EvalContext ctx) {
            Object s = subject == null ? null : subject.eval(ctx);
            for (int i = 0; i < whens.size(); i++) {
                Object w = whens.get(i).eval(ctx);
                boolean hit = subject == null ? Boolean.TRUE.equals(ExprValues.toBoolean(w))
                        : Integer.valueOf(0).equals(ExprValues.compare(s, w));
                if (hit) {
                    return thens.get(i).eval(ctx);
                }
            }
            return otherwise == null ? null : otherwise.eval(ctx);
        }
    }

    /** A function call, resolved at compile time. */
    static final class Call extends ExprNode {
        final ExprFunctions.Impl impl;
        final ExprNode[] args;

        Call(ExprFunctions.Impl impl, ExprNode[] args) {
            this.impl = impl;
            this.args = args;
        }

        @Override
        Object eval(EvalContext ctx) {
            return impl.apply(args, ctx);
        }
    }
}
