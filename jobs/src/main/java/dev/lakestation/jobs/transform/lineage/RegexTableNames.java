package dev.lakestation.jobs.transform.lineage;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starlake's fallback lineage ({@code SqlParser.extractTableNamesUsingRegEx}): the names after FROM and JOIN,
 * comma-separated FROM lists split, aliases stripped, back-ticks removed, {@code (} subqueries skipped. It does not
 * know CTEs, so a CTE name read in a FROM is reported as a table — the reason the parser is tried first.
 */
final class RegexTableNames {

    private static final Pattern COMMENTS = Pattern.compile("--[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern STRINGS = Pattern.compile("'(?:[^'\\\\]|\\\\.|'')*'|\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final String NAME = "(?:`[^`]+`|[\\w$]+)(?:\\s*\\.\\s*(?:`[^`]+`|[\\w$]+))*";
    private static final String ALIAS = "(?:\\s+(?:AS\\s+)?(?!(?:JOIN|LEFT|RIGHT|INNER|OUTER|FULL|CROSS|ON|WHERE|GROUP|ORDER"
            + "|LIMIT|UNION|LATERAL|HAVING|WINDOW|DISTRIBUTE|CLUSTER|SORT|NATURAL|USING)\\b)\\w+)?";
    private static final Pattern FROM_OR_JOIN = Pattern.compile(
            "(?i)\\b(?:FROM|JOIN)\\s+(" + NAME + ALIAS + "(?:\\s*,\\s*" + NAME + ALIAS + ")*)");
    private static final Set<String> KEYWORDS = Set.of("select", "where", "group", "order", "join", "left", "right",
            "inner", "outer", "full", "cross", "on", "limit", "union", "lateral", "unnest", "having", "window");

    private RegexTableNames() {
    }

    static Set<String> of(String sql) {
        String text = STRINGS.matcher(COMMENTS.matcher(sql).replaceAll(" ")).replaceAll("''");
        Set<String> names = new TreeSet<>();
        Matcher m = FROM_OR_JOIN.matcher(text);
        while (m.find()) {
            for (String item : m.group(1).split(",")) {
                String name = item.trim().replaceAll("\\s*\\.\\s*", ".").split("\\s+")[0].replace("`", "");
                if (!name.isEmpty() && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
