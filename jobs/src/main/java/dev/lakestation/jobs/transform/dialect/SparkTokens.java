package dev.lakestation.jobs.transform.dialect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Spark forms Flink's parser cannot read, rewritten on the text before parsing: double-quoted string literals
 * (Flink reads {@code "x"} as nothing at all) and {@code LATERAL VIEW [OUTER] explode(e) t AS c}. Strings,
 * back-quoted names and comments are skipped, so their contents are never rewritten.
 */
final class SparkTokens {

    private static final Pattern LATERAL_VIEW = Pattern.compile(
            "(?i)\\bLATERAL\\s+VIEW\\s+(OUTER\\s+)?(\\w+)\\s*\\(");
    private static final Pattern ALIASES = Pattern.compile(
            "(?i)\\s*(?!AS\\b)(\\w+)(?:\\s+AS)?(?:\\s+(\\w+(?:\\s*,\\s*\\w+)*))?");

    private static final Pattern STRING_AGG = Pattern.compile("(?i)(?<![\\w.`])(string_agg)\\s*\\(");
    private static final Pattern QUALIFIED_WORD = Pattern.compile("\\.\\s*([A-Za-z_]\\w*)");
    private static final org.apache.calcite.sql.parser.SqlAbstractParserImpl.Metadata RESERVED =
            org.apache.flink.sql.parser.impl.FlinkSqlParserImpl.FACTORY.getParser(new java.io.StringReader(""))
                    .getMetadata();

    private SparkTokens() {
    }

    /** True when the text was changed. */
    record Result(String sql, boolean changed) {
    }

    static Result rewrite(String sql, String file) {
        String quoted = doubleQuotedLiterals(sql);
        String viewed = stringAgg(reservedFieldNames(lateralViews(quoted, file)));
        if (viewed.contains("->")) {
            int at = mask(viewed).indexOf("->");
            if (at >= 0) {
                int[] lc = lineColumn(viewed, at);
                throw new DialectException("lambda function (->)", file, lc[0], lc[1],
                        "Flink SQL has no lambda functions (transform/filter/aggregate over arrays); "
                                + "rewrite with UNNEST and a GROUP BY");
            }
        }
        return new Result(viewed, !viewed.equals(sql));
    }

    /**
     * Spark accepts reserved words as column names after a qualifier ({@code o.timestamp}); Flink needs them
     * back-quoted ({@code o.`timestamp`}).
     */
    static String reservedFieldNames(String sql) {
        String masked = mask(sql);
        Matcher m = QUALIFIED_WORD.matcher(masked);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            int before = m.start() - 1;
            while (before >= 0 && Character.isWhitespace(masked.charAt(before))) {
                before--;
            }
            boolean afterNumber = before >= 0 && Character.isDigit(masked.charAt(before)) && !qualifierEndsWithName(
                    masked, before);
            String word = m.group(1);
            if (!afterNumber && RESERVED.isReservedWord(word.toUpperCase(java.util.Locale.ROOT))) {
                out.append(sql, last, m.start(1)).append('`').append(word).append('`');
                last = m.end(1);
            }
        }
        out.append(sql.substring(last));
        return out.toString();
    }

    private static boolean qualifierEndsWithName(String masked, int i) {
        while (i >= 0 && (Character.isLetterOrDigit(masked.charAt(i)) || masked.charAt(i) == '_')) {
            if (Character.isLetter(masked.charAt(i)) || masked.charAt(i) == '_') {
                return true;
            }
            i--;
        }
        return false;
    }

    /** Flink's parser reserves {@code STRING_AGG}; renamed so the tree rewrite can turn it into LISTAGG. */
    static String stringAgg(String sql) {
        Matcher m = STRING_AGG.matcher(mask(sql));
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(sql, last, m.start()).append(SparkFunctions.STRING_AGG_PLACEHOLDER);
            last = m.end(1);
        }
        return out.append(sql.substring(last)).toString();
    }

    /** {@code "it's"} → {@code 'it''s'}; {@code \"} inside becomes {@code "}. */
    static String doubleQuotedLiterals(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int end = skip(sql, i);
            if (end > i) {
                out.append(sql, i, end);
                i = end;
            } else if (c == '"') {
                out.append('\'');
                i++;
                while (i < n && sql.charAt(i) != '"') {
                    char d = sql.charAt(i);
                    if (d == '\\' && i + 1 < n && sql.charAt(i + 1) == '"') {
                        out.append('"');
                        i += 2;
                        continue;
                    }
                    out.append(d == '\'' ? "''" : String.valueOf(d));
                    i++;
                }
                out.append('\'');
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** {@code LATERAL VIEW explode(e) t AS c} → {@code CROSS JOIN UNNEST(e) AS t (c)}; OUTER → LEFT JOIN ... ON TRUE. */
    static String lateralViews(String sql, String file) {
        String masked = mask(sql);
        Matcher m = LATERAL_VIEW.matcher(masked);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find(last)) {
            String generator = m.group(2);
            int[] lc = lineColumn(sql, m.start());
            if (!generator.equalsIgnoreCase("explode")) {
                throw new DialectException("LATERAL VIEW " + generator, file, lc[0], lc[1],
                        "only LATERAL VIEW explode(...) is translated (to CROSS JOIN UNNEST)");
            }
            int open = m.end() - 1;
            int close = matchingParen(masked, open);
            if (close < 0) {
                throw new DialectException("LATERAL VIEW explode", file, lc[0], lc[1], "unbalanced parentheses");
            }
            Matcher a = ALIASES.matcher(masked);
            a.region(close + 1, masked.length());
            if (!a.lookingAt()) {
                throw new DialectException("LATERAL VIEW explode", file, lc[0], lc[1],
                        "expected a table alias after explode(...)");
            }
            String table = a.group(1);
            String columns = a.group(2) == null ? "col" : a.group(2).replaceAll("\\s+", "");
            String array = sql.substring(open + 1, close);
            out.append(sql, last, m.start());
            if (m.group(1) != null) {
                out.append("LEFT JOIN UNNEST(").append(array).append(") AS ").append(table)
                        .append(" (").append(columns).append(") ON TRUE");
            } else {
                out.append("CROSS JOIN UNNEST(").append(array).append(") AS ").append(table)
                        .append(" (").append(columns).append(")");
            }
            last = a.end();
        }
        out.append(sql.substring(last));
        return out.toString();
    }

    /** The text with string literals, quoted names and comments blanked (same length). */
    static String mask(String sql) {
        StringBuilder out = new StringBuilder(sql);
        int i = 0;
        while (i < sql.length()) {
            int end = skip(sql, i);
            if (end > i) {
                for (int k = i; k < end; k++) {
                    if (out.charAt(k) != '\n') {
                        out.setCharAt(k, ' ');
                    }
                }
                i = end;
            } else if (sql.charAt(i) == '"') {
                int k = i + 1;
                while (k < sql.length() && sql.charAt(k) != '"') {
                    k += sql.charAt(k) == '\\' ? 2 : 1;
                }
                for (int j = i; j <= Math.min(k, sql.length() - 1); j++) {
                    out.setCharAt(j, ' ');
                }
                i = k + 1;
            } else {
                i++;
            }
        }
        return out.toString();
    }

    /** End of the single-quoted literal, back-quoted name or comment starting at i; i when none starts there. */
    private static int skip(String s, int i) {
        char c = s.charAt(i);
        int n = s.length();
        if (c == '\'' || c == '`') {
            int k = i + 1;
            while (k < n) {
                char d = s.charAt(k);
                if (c == '\'' && d == '\\') {
                    k += 2;
                    continue;
                }
                if (d == c) {
                    if (k + 1 < n && s.charAt(k + 1) == c) {
                        k += 2;
                        continue;
                    }
                    return k + 1;
                }
                k++;
            }
            return n;
        }
        if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
            int k = s.indexOf('\n', i);
            return k < 0 ? n : k;
        }
        if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
            int k = s.indexOf("*/", i + 2);
            return k < 0 ? n : k + 2;
        }
        return i;
    }

    private static int matchingParen(String masked, int open) {
        int depth = 0;
        for (int i = open; i < masked.length(); i++) {
            char c = masked.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    static int[] lineColumn(String s, int offset) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < offset && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new int[] {line, col};
    }
}
