package dev.lakestation.schema.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A transform task (Starlake's {@code AutoTaskInfo}) from {@code metadata/transform/<domain>/}: a {@code .sql} or
 * {@code .sql.j2} file, optionally with a {@code <task>.sl.yml} holding {@code task:} overrides, and the
 * directory's {@code _config.sl.yml} {@code transform: default:} merged in (Starlake's {@code AutoTaskInfo.merge}).
 *
 * <pre>{@code
 * Task t = project.task("kpi.order_summary").orElseThrow();
 * t.domain(); t.table();             // "kpi", "order_summary": the output table
 * project.env().substitute(t.sql()); // ${var} / {{var}} resolved
 * }</pre>
 *
 * @param name          short task name (file prefix, or {@code name} in the YAML)
 * @param domain        output domain (folder name unless set)
 * @param table         output table (task name unless set)
 * @param database      output database, or null
 * @param sql           SQL text as written (variables not substituted), or null for a task without SQL file
 * @param sqlFile       SQL file relative to the root, or null
 * @param jinja         true for a {@code .sql.j2} file
 * @param presql        statements before (default's then task's), never null
 * @param postsql       statements after, never null
 * @param sink          sink (default's merged with task's), or null
 * @param writeStrategy write strategy (task's, else default's), or null meaning APPEND
 * @param schedule      cron or preset, or null
 * @param dagRef        DAG template, or null
 * @param freshness     freshness (default's, else task's, as Starlake), or null
 * @param comment       description, or null
 * @param tags          tags, never null
 * @param attributes    declared output attributes, never null
 * @param primaryKey    primary key, never null
 * @param parseSQL      false disables lineage extraction; null means true
 * @param connectionRef connection, or null
 * @param taskTimeoutMs timeout, or null
 * @param expectations  expectations as raw YAML values, never null
 * @param source        the {@code .sl.yml} of the task when any, else the SQL file, relative to the root
 */
public record Task(String name, String domain, String table, String database, String sql, Path sqlFile,
                   boolean jinja, List<String> presql, List<String> postsql, Sink sink, WriteStrategy writeStrategy,
                   String schedule, String dagRef, Freshness freshness, String comment, Set<String> tags,
                   List<Attribute> attributes, List<String> primaryKey, Boolean parseSQL, String connectionRef,
                   Long taskTimeoutMs, List<Object> expectations, Path source) {

    public Task {
        presql = presql == null ? List.of() : List.copyOf(presql);
        postsql = postsql == null ? List.of() : List.copyOf(postsql);
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
        primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
        expectations = expectations == null ? List.of() : java.util.Collections.unmodifiableList(
                new java.util.ArrayList<>(expectations));
    }

    /** The task's full name {@code <domain>.<name>}, used by {@code transform --name}. */
    public String fullName() {
        return domain + "." + name;
    }

    /** The output table's full name {@code <domain>.<table>}. */
    public String outputTable() {
        return domain + "." + table;
    }

    /** The effective write strategy, APPEND when unset. */
    public WriteStrategy resolveWriteStrategy() {
        return writeStrategy != null ? writeStrategy
                : new WriteStrategy(WriteStrategyType.APPEND, null, null, null, null, null, null, null);
    }

    /** True unless {@code parseSQL: false}. */
    public boolean isParseSql() {
        return parseSQL == null || parseSQL;
    }
}
