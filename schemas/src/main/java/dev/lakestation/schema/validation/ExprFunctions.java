package dev.lakestation.schema.validation;

import dev.lakestation.schema.model.Trim;
import dev.lakestation.schema.privacy.Digests;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The functions of the expression language (Spark SQL names and semantics, case-insensitive).
 * Regexes and date formats given as literals are compiled once, when the expression is compiled.
 */
final class ExprFunctions {

    /** Evaluates a call. */
    interface Impl {
        Object apply(ExprNode[] args, EvalContext ctx);
    }

    private record Def(int min, int max, Function<ExprNode[], Impl> factory) {
    }

    private static final Map<String, Def> FUNCTIONS = new TreeMap<>();

    static {
        // strings
        fixed("upper", 1, (a, c) -> text(a[0], c) == null ? null : text(a[0], c).toUpperCase(Locale.ROOT));
        alias("ucase", "upper");
        fixed("lower", 1, (a, c) -> text(a[0], c) == null ? null : text(a[0], c).toLowerCase(Locale.ROOT));
        alias("lcase", "lower");
        fixed("trim", 1, (a, c) -> Trim.BOTH.apply(text(a[0], c)));
        fixed("ltrim", 1, (a, c) -> Trim.LEFT.apply(text(a[0], c)));
        fixed("rtrim", 1, (a, c) -> Trim.RIGHT.apply(text(a[0], c)));
        fixed("length", 1, (a, c) -> {
            String s = text(a[0], c);
            return s == null ? null : (Object) (long) s.codePointCount(0, s.length());
        });
        alias("char_length", "length");
        alias("character_length", "length");
        def("substring", 2, 3, args -> (a, c) -> substring(a, c));
        alias("substr", "substring");
        def("concat", 0, Integer.MAX_VALUE, args -> (a, c) -> {
            StringBuilder sb = new StringBuilder();
            for (ExprNode n : a) {
                String s = text(n, c);
                if (s == null) {
                    return null;
                }
                sb.append(s);
            }
            return sb.toString();
        });
        def("concat_ws", 1, Integer.MAX_VALUE, args -> (a, c) -> {
            String sep = text(a[0], c);
            if (sep == null) {
                return null;
            }
            StringBuilder sb = new StringBuilder();
            boolean first = true;
            for (int i = 1; i < a.length; i++) {
                String s = text(a[i], c);
                if (s != null) {
                    if (!first) {
                        sb.append(sep);
                    }
                    sb.append(s);
                    first = false;
                }
            }
            return sb.toString();
        });
        fixed("replace", 3, (a, c) -> {
            String s = text(a[0], c);
            String search = text(a[1], c);
            String rep = text(a[2], c);
            return s == null || search == null || rep == null ? null : s.replace(search, rep);
        });
        def("regexp_extract", 2, 3, ExprFunctions::regexpExtract);
        def("regexp_replace", 3, 3, ExprFunctions::regexpReplace);
        // nulls and conditions
        def("coalesce", 1, Integer.MAX_VALUE, args -> (a, c) -> {
            for (ExprNode n : a) {
                Object v = n.eval(c);
                if (v != null) {
                    return v;
                }
            }
            return null;
        });
        def("nvl", 2, 2, args -> FUNCTIONS.get("coalesce").factory().apply(args));
        alias("ifnull", "nvl");
        fixed("nullif", 2, (a, c) -> {
            Object x = a[0].eval(c);
            return Integer.valueOf(0).equals(ExprValues.compare(x, a[1].eval(c))) ? null : x;
        });
        fixed("if", 3, (a, c) -> Boolean.TRUE.equals(ExprValues.toBoolean(a[0].eval(c))) ? a[1].eval(c) : a[2].eval(c));
        // numbers
        fixed("abs", 1, (a, c) -> {
            Object n = ExprValues.toNumber(a[0].eval(c));
            if (n instanceof Long) {
                return Math.abs((Long) n);
            }
            if (n instanceof Double) {
                return Math.abs((Double) n);
            }
            return n == null ? null : ((BigDecimal) n).abs();
        });
        def("round", 1, 2, args -> (a, c) -> {
            BigDecimal d = ExprValues.toDecimal(a[0].eval(c));
            Long scale = a.length > 1 ? ExprValues.toLong(a[1].eval(c)) : Long.valueOf(0);
            if (d == null || scale == null) {
                return null;
            }
            Object original = ExprValues.toNumber(a[0].eval(c));
            BigDecimal r = d.setScale(scale.intValue(), RoundingMode.HALF_UP);
            if (original instanceof Long) {
                return r.longValue();
            }
            return original instanceof Double ? (Object) r.doubleValue() : r;
        });
        fixed("floor", 1, (a, c) -> {
            BigDecimal d = ExprValues.toDecimal(a[0].eval(c));
            return d == null ? null : (Object) d.setScale(0, RoundingMode.FLOOR).longValue();
        });
        fixed("ceil", 1, (a, c) -> {
            BigDecimal d = ExprValues.toDecimal(a[0].eval(c));
            return d == null ? null : (Object) d.setScale(0, RoundingMode.CEILING).longValue();
        });
        alias("ceiling", "ceil");
        // dates
        fixed("current_date", 0, (a, c) -> c.currentDate());
        fixed("current_timestamp", 0, (a, c) -> c.currentTimestamp());
        alias("now", "current_timestamp");
        fixed("year", 1, (a, c) -> datePart(a[0], c, 'y'));
        fixed("month", 1, (a, c) -> datePart(a[0], c, 'M'));
        fixed("day", 1, (a, c) -> datePart(a[0], c, 'd'));
        alias("dayofmonth", "day");
        fixed("dayofweek", 1, (a, c) -> {
            LocalDate d = ExprValues.toDate(a[0].eval(c));
            return d == null ? null : (Object) (long) (d.getDayOfWeek().getValue() % 7 + 1); // Sunday = 1
        });
        fixed("hour", 1, (a, c) -> timePart(a[0], c, 'H'));
        fixed("minute", 1, (a, c) -> timePart(a[0], c, 'm'));
        fixed("second", 1, (a, c) -> timePart(a[0], c, 's'));
        def("to_date", 1, 2, args -> formatted(args, true));
        def("to_timestamp", 1, 2, args -> formatted(args, false));
        def("date_format", 2, 2, ExprFunctions::dateFormat);
        // files
        fixed("input_file_name", 0, (a, c) -> c.inputFileName());
        // hashes (hex, like Spark)
        fixed("md5", 1, (a, c) -> digest("MD5", text(a[0], c)));
        fixed("sha1", 1, (a, c) -> digest("SHA-1", text(a[0], c)));
        alias("sha", "sha1");
        fixed("sha2", 2, (a, c) -> {
            Long bits = ExprValues.toLong(a[1].eval(c));
            if (bits == null) {
                return null;
            }
            switch (bits.intValue()) {
                case 0: case 256: return digest("SHA-256", text(a[0], c));
                case 224: return digest("SHA-224", text(a[0], c));
                case 384: return digest("SHA-384", text(a[0], c));
                case 512: return digest("SHA-512", text(a[0], c));
                default: return null;
            }
        });
    }

    private ExprFunctions() {
    }

    private static void fixed(String name, int arity, Impl impl) {
        FUNCTIONS.put(name, new Def(arity, arity, args -> impl));
    }

    private static void def(String name, int min, int max, Function<ExprNode[], Impl> factory) {
        FUNCTIONS.put(name, new Def(min, max, factory));
    }

    private static void alias(String alias, String target) {
        FUNCTIONS.put(alias, FUNCTIONS.get(target));
    }

    /** Names of all functions (for error messages and docs). */
    static String names() {
        return String.join(", ", new TreeSet<>(FUNCTIONS.keySet()));
    }

    /** Resolves a call at compile time; throws {@link ExpressionException} for unknown names or arities. */
    static Impl resolve(String name, ExprNode[] args, String source) {
        Def def = FUNCTIONS.get(name.toLowerCase(Locale.ROOT));
        if (def == null) {
            throw new ExpressionException("unknown function `" + name + "` in expression `" + source
                    + "` (supported: " + names() + ", cast(x AS type))");
        }
        if (args.length < def.min() || args.length > def.max()) {
            String expected = def.min() == def.max() ? String.valueOf(def.min())
                    : def.max() == Integer.MAX_VALUE ? "at least " + def.min() : def.min() + " to " + def.max();
            throw new ExpressionException("function `" + name + "` takes " + expected + " argument(s), got "
                    + args.length + " in expression `" + source + "`");
        }
        return def.factory().apply(args);
    }

    static boolean isNiladic(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("current_date") || n.equals("current_timestamp");
    }

    private static String text(ExprNode n, EvalContext c) {
        return ExprValues.toText(n.eval(c));
    }

    private static String digest(String algorithm, String s) {
        return s == null ? null : Digests.hex(algorithm, s);
    }

    /** Spark's 1-based {@code substring(str, pos[, len])}: pos 0 acts as 1, negative pos counts from the end. */
    private static Object substring(ExprNode[] a, EvalContext c) {
        String s = text(a[0], c);
        Long pos = ExprValues.toLong(a[1].eval(c));
        Long len = a.length > 2 ? ExprValues.toLong(a[2].eval(c)) : Long.valueOf(Integer.MAX_VALUE);
        if (s == null || pos == null || len == null) {
            return null;
        }
        int n = s.length();
        long start = pos > 0 ? pos - 1 : pos < 0 ? n + pos : 0;
        long end = start + len;
        start = Math.max(start, 0);
        end = Math.min(end, n);
        return start >= end ? "" : s.substring((int) start, (int) end);
    }

    private static Pattern literalRegex(ExprNode n) {
        if (!n.isLiteral()) {
            return null;
        }
        String r = ExprValues.toText(n.eval(null));
        try {
            return r == null ? null : Pattern.compile(r);
        } catch (RuntimeException e) {
            throw new ExpressionException("invalid regex `" + r + "`: " + e.getMessage());
        }
    }

    private static Impl regexpExtract(ExprNode[] args) {
        Pattern fixed = literalRegex(args[1]);
        return (a, c) -> {
            String s = text(a[0], c);
            Pattern p = fixed != null ? fixed : compileOrNull(text(a[1], c));
            Long idx = a.length > 2 ? ExprValues.toLong(a[2].eval(c)) : Long.valueOf(1);
            if (s == null || p == null || idx == null) {
                return null;
            }
            Matcher m = p.matcher(s);
            if (!m.find() || idx > m.groupCount()) {
                return "";
            }
            String g = m.group(idx.intValue());
            return g == null ? "" : g;
        };
    }

    private static Impl regexpReplace(ExprNode[] args) {
        Pattern fixed = literalRegex(args[1]);
        return (a, c) -> {
            String s = text(a[0], c);
            Pattern p = fixed != null ? fixed : compileOrNull(text(a[1], c));
            String rep = text(a[2], c);
            return s == null || p == null || rep == null ? null : p.matcher(s).replaceAll(rep);
        };
    }

    private static Pattern compileOrNull(String regex) {
        return regex == null ? null : Pattern.compile(regex);
    }

    private static Object datePart(ExprNode n, EvalContext c, char part) {
        Object v = n.eval(c);
        LocalDate d = v instanceof Instant ? LocalDate.ofInstant((Instant) v, ZoneOffset.UTC) : ExprValues.toDate(v);
        if (d == null) {
            return null;
        }
        switch (part) {
            case 'y': return (long) d.getYear();
            case 'M': return (long) d.getMonthValue();
            default: return (long) d.getDayOfMonth();
        }
    }

    private static Object timePart(ExprNode n, EvalContext c, char part) {
        Instant t = ExprValues.toTimestamp(n.eval(c));
        if (t == null) {
            return null;
        }
        LocalDateTime dt = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
        switch (part) {
            case 'H': return (long) dt.getHour();
            case 'm': return (long) dt.getMinute();
            default: return (long) dt.getSecond();
        }
    }

    private static DateTimeFormatter literalFormat(ExprNode n) {
        if (!n.isLiteral()) {
            return null;
        }
        String f = ExprValues.toText(n.eval(null));
        try {
            return f == null ? null : DateTimeFormatter.ofPattern(f, Locale.ROOT);
        } catch (RuntimeException e) {
            throw new ExpressionException("invalid date format `" + f + "`: " + e.getMessage());
        }
    }

    private static Impl formatted(ExprNode[] args, boolean date) {
        DateTimeFormatter fixed = args.length > 1 ? literalFormat(args[1]) : null;
        return (a, c) -> {
            Object v = a[0].eval(c);
            if (v == null) {
                return null;
            }
            if (a.length == 1) {
                return date ? ExprValues.toDate(v) : ExprValues.toTimestamp(v);
            }
            DateTimeFormatter f = fixed != null ? fixed : DateTimeFormatter.ofPattern(text(a[1], c), Locale.ROOT);
            String s = ExprValues.toText(v);
            try {
                if (date) {
                    return LocalDate.parse(s, f);
                }
                var parsed = f.parseBest(s, LocalDateTime::from, LocalDate::from);
                return parsed instanceof LocalDateTime ? ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC)
                        : ((LocalDate) parsed).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (RuntimeException e) {
                return null;
            }
        };
    }

    private static Impl dateFormat(ExprNode[] args) {
        DateTimeFormatter fixed = literalFormat(args[1]);
        return (a, c) -> {
            Instant t = ExprValues.toTimestamp(a[0].eval(c));
            if (t == null) {
                return null;
            }
            DateTimeFormatter f = fixed != null ? fixed : DateTimeFormatter.ofPattern(text(a[1], c), Locale.ROOT);
            return f.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
        };
    }
}
