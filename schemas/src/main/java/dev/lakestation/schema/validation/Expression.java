package dev.lakestation.schema.validation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A compiled expression of Lakestation's small SQL language, used for attribute {@code script}s, table
 * {@code filter}s and {@code sql:} privacy. It is a subset of Spark SQL with Spark's semantics (null in → null
 * out, non-ANSI casts, three-valued logic), compiled once per table; unknown functions or columns fail at compile
 * time with an {@link ExpressionException}.
 *
 * <p>Language:
 * <ul>
 *   <li>literals: {@code 'text'} or {@code "text"} (backslash escapes), integers (long), decimals (double),
 *       {@code TRUE}, {@code FALSE}, {@code NULL};</li>
 *   <li>columns by output name (after {@code rename}), or source name; {@code `quoted`}; {@code struct.field};
 *       case-insensitive; {@code sl_input_file_name} is the input file;</li>
 *   <li>operators: {@code || + - * / %}, {@code = == != <> < <= > >=}, {@code AND OR NOT},
 *       {@code IS [NOT] NULL}, {@code [NOT] IN (...)}, {@code [NOT] LIKE}, {@code [NOT] BETWEEN a AND b},
 *       {@code CASE WHEN ... THEN ... ELSE ... END}, {@code CAST(x AS type)};</li>
 *   <li>functions: upper/ucase, lower/lcase, trim, ltrim, rtrim, length, substring/substr, concat, concat_ws,
 *       replace, regexp_extract, regexp_replace, coalesce, nvl/ifnull, nullif, if, abs, round, floor, ceil,
 *       current_date, current_timestamp/now, year, month, day/dayofmonth, dayofweek, hour, minute, second,
 *       to_date, to_timestamp, date_format, input_file_name, md5, sha1/sha, sha2.</li>
 * </ul>
 *
 * <pre>{@code
 * Expression e = Expression.compile("substring(zip_code, 0, 3)", scope);
 * Object v = e.evaluate(ctx);
 * }</pre>
 */
public final class Expression {

    /** Resolves column names while compiling. */
    public interface Scope {
        /**
         * The column named by {@code parts} ({@code a.b} → ["a", "b"]), or null when unknown.
         */
        ColumnRef resolve(List<String> parts);
    }

    /** A resolved column: a top-level slot, a path inside struct values, and the leaf's primitive type. */
    public record ColumnRef(int slot, String[] path, dev.lakestation.schema.types.PrimitiveType type) {
    }

    private final String source;
    private final ExprNode root;

    private Expression(String source, ExprNode root) {
        this.source = source;
        this.root = root;
    }

    /** Compiles {@code source} (an optional {@code sql:} prefix is dropped). */
    public static Expression compile(String source, Scope scope) {
        String text = source.trim();
        if (text.regionMatches(true, 0, "sql:", 0, 4)) {
            text = text.substring(4).trim();
        }
        Parser p = new Parser(text, scope, source);
        ExprNode root = p.parseExpression();
        p.expectEnd();
        return new Expression(source, root);
    }

    Object evaluate(EvalContext ctx) {
        return root.eval(ctx);
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }

    // ---------------------------------------------------------------- lexer + recursive-descent parser

    private enum Tok { IDENT, QIDENT, STRING, NUMBER, SYMBOL, END }

    private static final class Parser {
        private final String text;
        private final String source;
        private final Scope scope;
        private int pos;
        private Tok tok;
        private String val;
        private int tokStart;

        Parser(String text, Scope scope, String source) {
            this.text = text;
            this.scope = scope;
            this.source = source;
            next();
        }

        private ExpressionException error(String what) {
            return new ExpressionException(what + " at offset " + tokStart + " in expression `" + source + "`");
        }

        private void next() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            tokStart = pos;
            if (pos >= text.length()) {
                tok = Tok.END;
                val = "";
                return;
            }
            char c = text.charAt(pos);
            if (Character.isLetter(c) || c == '_') {
                int s = pos;
                while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                    pos++;
                }
                tok = Tok.IDENT;
                val = text.substring(s, pos);
            } else if (Character.isDigit(c) || (c == '.' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))) {
                int s = pos;
                while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                    pos++;
                }
                if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
                    pos++;
                    if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                        pos++;
                    }
                    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                        pos++;
                    }
                }
                tok = Tok.NUMBER;
                val = text.substring(s, pos);
            } else if (c == '\'' || c == '"') {
                tok = Tok.STRING;
                val = readString(c);
            } else if (c == '`') {
                int end = text.indexOf('`', pos + 1);
                if (end < 0) {
                    throw error("unclosed `");
                }
                tok = Tok.QIDENT;
                val = text.substring(pos + 1, end);
                pos = end + 1;
            } else {
                String two = pos + 1 < text.length() ? text.substring(pos, pos + 2) : "";
                if (two.equals("||") || two.equals("<=") || two.equals(">=") || two.equals("<>")
                        || two.equals("!=") || two.equals("==")) {
                    val = two;
                    pos += 2;
                } else if ("+-*/%=<>(),.".indexOf(c) >= 0) {
                    val = String.valueOf(c);
                    pos++;
                } else {
                    throw error("unexpected character '" + c + "'");
                }
                tok = Tok.SYMBOL;
            }
        }

        /** Spark string literal: backslash escapes, a doubled quote stands for itself. */
        private String readString(char quote) {
            StringBuilder sb = new StringBuilder();
            pos++;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '\\' && pos < text.length()) {
                    char e = text.charAt(pos++);
                    switch (e) {
                        case 'n': sb.append('\n'); break;
                        case 't': sb.append('\t'); break;
                        case 'r': sb.append('\r'); break;
                        case '0': sb.append('\0'); break;
                        case '%': case '_': sb.append('\\').append(e); break;
                        default: sb.append(e);
                    }
                } else if (c == quote) {
                    if (pos < text.length() && text.charAt(pos) == quote) {
                        sb.append(quote);
                        pos++;
                    } else {
                        return sb.toString();
                    }
                } else {
                    sb.append(c);
                }
            }
            throw error("unclosed string literal");
        }

        private boolean isKeyword(String kw) {
            return tok == Tok.IDENT && val.equalsIgnoreCase(kw);
        }

        private boolean isSymbol(String s) {
            return tok == Tok.SYMBOL && val.equals(s);
        }

        private void expectSymbol(String s) {
            if (!isSymbol(s)) {
                throw error("expected '" + s + "' but found '" + val + "'");
            }
            next();
        }

        private void expectKeyword(String kw) {
            if (!isKeyword(kw)) {
                throw error("expected " + kw + " but found '" + val + "'");
            }
            next();
        }

        void expectEnd() {
            if (tok != Tok.END) {
                throw error("unexpected '" + val + "'");
            }
        }

        ExprNode parseExpression() {
            return parseOr();
        }

        private ExprNode parseOr() {
            ExprNode l = parseAnd();
            while (isKeyword("OR")) {
                next();
                l = new ExprNode.Logic(false, l, parseAnd());
            }
            return l;
        }

        private ExprNode parseAnd() {
            ExprNode l = parseNot();
            while (isKeyword("AND")) {
                next();
                l = new ExprNode.Logic(true, l, parseNot());
            }
            return l;
        }

        private ExprNode parseNot() {
            if (isKeyword("NOT") || isSymbol("!")) {
                next();
                return new ExprNode.Not(parseNot());
            }
            return parsePredicate();
        }

        private ExprNode parsePredicate() {
            ExprNode l = parseAdditive();
            if (tok == Tok.SYMBOL) {
                String op;
                switch (val) {
                    case "=": case "==": op = "="; break;
                    case "!=": case "<>": op = "<>"; break;
                    case "<": case "<=": case ">": case ">=": op = val; break;
                    default: op = null;
                }
                if (op != null) {
                    next();
                    return new ExprNode.Compare(op, l, parseAdditive());
                }
            }
            if (isKeyword("IS")) {
                next();
                boolean negated = false;
                if (isKeyword("NOT")) {
                    negated = true;
                    next();
                }
                expectKeyword("NULL");
                return new ExprNode.IsNull(l, negated);
            }
            boolean negated = false;
            if (isKeyword("NOT")) {
                negated = true;
                next();
            }
            if (isKeyword("IN")) {
                next();
                expectSymbol("(");
                List<ExprNode> values = new ArrayList<>();
                values.add(parseExpression());
                while (isSymbol(",")) {
                    next();
                    values.add(parseExpression());
                }
                expectSymbol(")");
                return new ExprNode.In(l, values, negated);
            }
            if (isKeyword("LIKE")) {
                next();
                return new ExprNode.Like(l, parseAdditive(), negated);
            }
            if (isKeyword("BETWEEN")) {
                next();
                ExprNode low = parseAdditive();
                expectKeyword("AND");
                ExprNode high = parseAdditive();
                ExprNode between = new ExprNode.Logic(true, new ExprNode.Compare(">=", l, low),
                        new ExprNode.Compare("<=", l, high));
                return negated ? new ExprNode.Not(between) : between;
            }
            if (negated) {
                throw error("expected IN, LIKE or BETWEEN after NOT");
            }
            return l;
        }

        private ExprNode parseAdditive() {
            ExprNode l = parseMultiplicative();
            while (isSymbol("+") || isSymbol("-") || isSymbol("||")) {
                char op = val.equals("||") ? '|' : val.charAt(0);
                next();
                l = new ExprNode.Arith(op, l, parseMultiplicative());
            }
            return l;
        }

        private ExprNode parseMultiplicative() {
            ExprNode l = parseUnary();
            while (isSymbol("*") || isSymbol("/") || isSymbol("%")) {
                char op = val.charAt(0);
                next();
                l = new ExprNode.Arith(op, l, parseUnary());
            }
            return l;
        }

        private ExprNode parseUnary() {
            if (isSymbol("-")) {
                next();
                ExprNode e = parseUnary();
                if (e.isLiteral()) {
                    return new ExprNode.Literal(new ExprNode.Negate(e).eval(null));
                }
                return new ExprNode.Negate(e);
            }
            if (isSymbol("+")) {
                next();
                return parseUnary();
            }
            return parsePrimary();
        }

        private ExprNode parsePrimary() {
            switch (tok) {
                case NUMBER: {
                    String n = val;
                    next();
                    try {
                        if (n.indexOf('.') < 0 && n.indexOf('e') < 0 && n.indexOf('E') < 0) {
                            return new ExprNode.Literal(Long.parseLong(n));
                        }
                        return new ExprNode.Literal(Double.parseDouble(n));
                    } catch (NumberFormatException e) {
                        try {
                            return new ExprNode.Literal(new BigDecimal(n));
                        } catch (NumberFormatException e2) {
                            throw error("invalid number " + n);
                        }
                    }
                }
                case STRING: {
                    String s = val;
                    next();
                    return new ExprNode.Literal(s);
                }
                case QIDENT:
                    return parseColumn();
                case IDENT:
                    return parseIdentifier();
                case SYMBOL:
                    if (isSymbol("(")) {
                        next();
                        ExprNode e = parseExpression();
                        expectSymbol(")");
                        return e;
                    }
                    throw error("unexpected '" + val + "'");
                default:
                    throw error("unexpected end of expression");
            }
        }

        private ExprNode parseIdentifier() {
            String name = val;
            String lower = name.toLowerCase(Locale.ROOT);
            switch (lower) {
                case "true":
                    next();
                    return new ExprNode.Literal(Boolean.TRUE);
                case "false":
                    next();
                    return new ExprNode.Literal(Boolean.FALSE);
                case "null":
                    next();
                    return new ExprNode.Literal(null);
                case "case":
                    next();
                    return parseCase();
                case "cast":
                    next();
                    return parseCast();
                case "sl_input_file_name":
                    next();
                    return new ExprNode.InputFileName();
                default:
                    break;
            }
            int save = pos;
            int saveStart = tokStart;
            next();
            if (isSymbol("(")) {
                next();
                List<ExprNode> args = new ArrayList<>();
                if (!isSymbol(")")) {
                    args.add(parseExpression());
                    while (isSymbol(",")) {
                        next();
                        args.add(parseExpression());
                    }
                }
                expectSymbol(")");
                ExprNode[] a = args.toArray(new ExprNode[0]);
                return new ExprNode.Call(ExprFunctions.resolve(name, a, source), a);
            }
            if (ExprFunctions.isNiladic(name) && scope.resolve(List.of(name)) == null) {
                return new ExprNode.Call(ExprFunctions.resolve(name, new ExprNode[0], source), new ExprNode[0]);
            }
            // a column: rewind to the identifier and parse the dotted path
            pos = save;
            tokStart = saveStart;
            tok = Tok.IDENT;
            val = name;
            return parseColumn();
        }

        private ExprNode parseColumn() {
            List<String> parts = new ArrayList<>();
            parts.add(val);
            int start = tokStart;
            next();
            while (isSymbol(".")) {
                next();
                if (tok != Tok.IDENT && tok != Tok.QIDENT) {
                    throw error("expected a field name after '.'");
                }
                parts.add(val);
                next();
            }
            ColumnRef ref = scope.resolve(parts);
            if (ref == null) {
                tokStart = start;
                throw error("unknown column `" + String.join(".", parts) + "`");
            }
            return new ExprNode.Column(ref.slot(), ref.path(), ref.type());
        }

        private ExprNode parseCase() {
            ExprNode subject = null;
            if (!isKeyword("WHEN")) {
                subject = parseExpression();
            }
            List<ExprNode> whens = new ArrayList<>();
            List<ExprNode> thens = new ArrayList<>();
            while (isKeyword("WHEN")) {
                next();
                whens.add(parseExpression());
                expectKeyword("THEN");
                thens.add(parseExpression());
            }
            if (whens.isEmpty()) {
                throw error("CASE without WHEN");
            }
            ExprNode otherwise = null;
            if (isKeyword("ELSE")) {
                next();
                otherwise = parseExpression();
            }
            expectKeyword("END");
            return new ExprNode.Case(subject, whens, thens, otherwise);
        }

        private ExprNode parseCast() {
            expectSymbol("(");
            ExprNode e = parseExpression();
            expectKeyword("AS");
            if (tok != Tok.IDENT) {
                throw error("expected a type name after AS");
            }
            String type = val.toLowerCase(Locale.ROOT);
            next();
            int precision = 10;
            int scale = 0;
            if (isSymbol("(")) {
                next();
                precision = Integer.parseInt(val);
                next();
                if (isSymbol(",")) {
                    next();
                    scale = Integer.parseInt(val);
                    next();
                }
                expectSymbol(")");
            }
            expectSymbol(")");
            return ExprCast.of(e, type, precision, scale, this::error);
        }
    }
}
