package dev.lakestation.jobs.coordinator;

import dev.lakestation.schema.model.Task;
import dev.lakestation.schema.project.Project;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starlake's lineage ({@code SqlParser.extractTableNamesUsingRegEx}, used by {@code AutoTask.dependencies}): after
 * variable substitution, the names after FROM (a comma list is split, each item cut at its first blank so aliases go)
 * and after JOIN; items containing {@code (} (subqueries, {@code EXTRACT(x FROM f(..))}) are skipped; backticks are
 * removed. Like Starlake it knows nothing of CTEs: a {@code WITH x AS (...) SELECT .. FROM x} reports {@code x}
 * (the coordinator ignores such unqualified names, see {@link Inputs}). A task with {@code parseSQL: false} or
 * without SQL has no references.
 *
 * <pre>{@code
 * RegexLineage.extract("SELECT * FROM a.x ax, `b`.y JOIN c.z ON ...");  // [a.x, b.y, c.z]
 * }</pre>
 */
public final class RegexLineage implements Lineage {

    // Starlake's two expressions, verbatim; Starlake's needs a blank before FROM/JOIN, we prefix one (see extract)
    private static final Pattern FROMS = Pattern.compile("(?i)\\s+FROM\\s+([_\\-a-z0-9`./(]+\\s*[ _,a-z0-9`./(]*)");
    private static final Pattern JOINS = Pattern.compile("(?i)\\s+JOIN\\s+([_\\-a-z0-9`./]+)");

    @Override
    public List<String> references(Project project, Task task) {
        if (task.sql() == null || !task.isParseSql()) {
            return List.of();
        }
        return extract(project.env().substitute(task.sql()));
    }

    /** Starlake's extraction on already substituted SQL. */
    public static List<String> extract(String sql) {
        String text = " " + sql; // so that a statement starting with FROM is matched too
        List<String> names = new ArrayList<>();
        Matcher from = FROMS.matcher(text);
        while (from.find()) {
            for (String item : from.group(1).split(",")) {
                String t = item.trim();
                int space = t.replaceAll("\\s", " ").indexOf(' ');
                if (space > 0) {
                    t = t.substring(0, space);
                }
                if (!t.contains("(") && !t.isEmpty()) {
                    names.add(t);
                }
            }
        }
        Matcher join = JOINS.matcher(text);
        while (join.find()) {
            names.add(join.group(1));
        }
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            out.add(n.replace("`", ""));
        }
        return List.copyOf(out);
    }
}
