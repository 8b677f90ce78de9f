package dev.lakestation.jobs.transform;

import dev.lakestation.jobs.transform.dialect.DialectException;
import dev.lakestation.jobs.transform.dialect.SparkToFlink;
import dev.lakestation.jobs.transform.lineage.Lineage;
import dev.lakestation.jobs.transform.lineage.SqlLineage;
import dev.lakestation.schema.model.Task;
import dev.lakestation.schema.project.EnvVars;
import dev.lakestation.schema.project.Project;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.ResolvedSchema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one Starlake transform task on Flink SQL in batch mode and writes its result as Parquet (snappy, Hive-style
 * folders for {@code sink.partition}) into a staging folder chosen by the caller, who commits it with the task's
 * write strategy. Inputs are every {@code domain.table} the SQL references, registered over the warehouse.
 *
 * <pre>{@code
 * TransformJob job = new TransformJob(TransformJob.localBatchEnvironment(2));   // or any batch TableEnvironment
 * TransformJob.Result r = job.run(project, "kpi.revenue_summary", Map.of(), stagingDir);
 * r.rows(); r.schema(); r.lineage().tables(); r.duration();
 * }</pre>
 *
 * <p>One {@code TransformJob} (one session) may run many tasks one after the other; it is not thread-safe.
 */
public final class TransformJob {

    private static final Pattern FLINK_POSITION = Pattern.compile("From line (\\d+), column (\\d+)");
    private static final Pattern MISSING_COLUMN = Pattern.compile("Column '([^']+)' not found");

    private final TableEnvironment tEnv;
    private final TableLocator locator;

    /** A job over a batch-mode session created by the caller (local MiniCluster or a remote cluster). */
    public TransformJob(TableEnvironment tEnv) {
        this(tEnv, TableLocator.warehouse());
    }

    /** A job reading input tables where {@code locator} says. */
    public TransformJob(TableEnvironment tEnv, TableLocator locator) {
        this.tEnv = tEnv;
        this.locator = locator;
    }

    /** A batch session executing on a local MiniCluster with the given parallelism. */
    public static TableEnvironment localBatchEnvironment(int parallelism) {
        Configuration conf = new Configuration();
        conf.setString("parallelism.default", String.valueOf(parallelism));
        conf.setString("restart-strategy.type", "none");
        return TableEnvironment.create(EnvironmentSettings.newInstance().inBatchMode().withConfiguration(conf).build());
    }

    /**
     * What a run produced.
     *
     * @param task     the task's full name
     * @param rows     rows written (from the written files' Parquet footers)
     * @param schema   the result's schema
     * @param lineage  the tables read
     * @param flinkSql the SQL executed (after variable substitution and dialect translation)
     * @param duration wall time of the run
     */
    public record Result(String task, long rows, ResolvedSchema schema, Lineage lineage, String flinkSql,
                         Duration duration) {
    }

    /** Runs the task with the project's variables. */
    public Result run(Project project, String taskName, Path stagingDir) {
        return run(project, taskName, Map.of(), stagingDir);
    }

    /**
     * Runs the task; {@code options} ({@code --options k=v}) override the project's variables.
     *
     * @throws TransformException naming the task and its file when it cannot run
     * @throws DialectException   when its Spark SQL has a construct without a Flink translation
     */
    public Result run(Project project, String taskName, Map<String, String> options, Path stagingDir) {
        long start = System.nanoTime();
        Task task = project.task(taskName).orElseThrow(() -> new TransformException("no task " + taskName
                + " in " + project.root() + " (tasks: " + project.tasks().stream().map(Task::fullName).toList() + ")"));
        if (task.sql() == null || task.sql().isBlank()) {
            throw new TransformException("task " + taskName + " (" + task.source() + ") has no SQL");
        }
        String file = String.valueOf(task.sqlFile() != null ? task.sqlFile() : task.source());
        EnvVars vars = options.isEmpty() ? project.env() : project.env().with(options);
        SparkToFlink.Translation translation = SparkToFlink.translate(stripSemicolon(vars.substitute(task.sql())), file);
        String sql = translation.sql();
        Lineage lineage = SqlLineage.lineage(sql);
        List<String> registered = InputTables.register(tEnv, project, task, lineage.tables(), locator);
        try {
            for (String pre : task.presql()) {
                execute(task, file, SparkToFlink.translateStatement(stripSemicolon(vars.substitute(pre)), file));
            }
            if (!translation.namedStructs().isEmpty()) {
                ResolvedSchema rows = query(task, file, sql).getResolvedSchema();
                sql = SparkToFlink.renameStructFields(translation, rows.getColumnNames(), rows.getColumnDataTypes()
                        .stream().map(org.apache.flink.table.types.DataType::getLogicalType).toList());
            }
            Table result = query(task, file, sql);
            ResolvedSchema schema = result.getResolvedSchema();
            write(task, file, result, schema, stagingDir);
            for (String post : task.postsql()) {
                execute(task, file, SparkToFlink.translateStatement(stripSemicolon(vars.substitute(post)), file));
            }
            return new Result(task.fullName(), ParquetFolder.rows(stagingDir), schema, lineage, sql,
                    Duration.ofNanos(System.nanoTime() - start));
        } finally {
            for (String path : registered) {
                tEnv.dropTemporaryTable(path);
            }
        }
    }

    private Table query(Task task, String file, String sql) {
        try {
            return tEnv.sqlQuery(sql);
        } catch (RuntimeException e) {
            throw sqlError(task, file, sql, e);
        }
    }

    private void execute(Task task, String file, String statement) {
        try {
            tEnv.executeSql(statement).await();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw sqlError(task, file, statement, e);
        }
    }

    private void write(Task task, String file, Table result, ResolvedSchema schema, Path stagingDir) {
        List<String> partitions = task.sink() == null ? List.of() : task.sink().partition();
        for (String p : partitions) {
            if (!schema.getColumnNames().contains(p)) {
                throw new TransformException("task " + task.fullName() + " (" + file + "): sink.partition column `"
                        + p + "` is not a column of the result " + schema.getColumnNames());
            }
        }
        try {
            Files.createDirectories(stagingDir);
        } catch (java.io.IOException e) {
            throw new TransformException("cannot create the staging folder " + stagingDir + ": " + e.getMessage(), e);
        }
        TableDescriptor.Builder sink = TableDescriptor.forConnector("filesystem")
                .schema(Schema.newBuilder().fromResolvedSchema(schema).build())
                .option("path", stagingDir.toUri().toString())
                .format(InputTables.parquet());
        if (!partitions.isEmpty()) {
            sink.partitionedBy(partitions.toArray(String[]::new));
        }
        try {
            result.insertInto(sink.build()).execute().await();
            nameAsParquet(stagingDir);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new TransformException("task " + task.fullName() + " (" + file + ") failed: " + rootMessage(e), e);
        }
    }

    /**
     * Flink's filesystem SQL sink names its files {@code part-<uuid>-task-0-file-0}; a table is read by globbing
     * {@code **}{@code /*.parquet}, so the staged files get the extension before the commit.
     */
    private static void nameAsParquet(Path staging) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(staging)) {
            return;
        }
        try (var files = java.nio.file.Files.walk(staging)) {
            for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                String n = f.getFileName().toString();
                if (!n.startsWith(".") && !n.startsWith("_") && !n.endsWith(".parquet")) {
                    java.nio.file.Files.move(f, f.resolveSibling(n + ".parquet"));
                }
            }
        }
    }

    /** One line: task, file, line:column in the file when it can be found, Flink's message. */
    private static TransformException sqlError(Task task, String file, String sql, Throwable e) {
        String message = flinkMessage(e);
        String where = "";
        Matcher missing = MISSING_COLUMN.matcher(message);
        Matcher pos = FLINK_POSITION.matcher(message);
        if (missing.find() && task.sql() != null) {
            where = positionOf(task.sql(), missing.group(1));    // translated SQL is one line: look in the file
        } else if (pos.find() && sql.equals(task.sql())) {
            where = ":" + pos.group(1) + ":" + pos.group(2);
        }
        return new TransformException("task " + task.fullName() + " (" + file + where + "): " + message, e);
    }

    private static String positionOf(String text, String column) {
        Matcher m = Pattern.compile("(?<![\\w`])`?" + Pattern.quote(column) + "`?(?!\\w)").matcher(text);
        if (!m.find()) {
            return "";
        }
        int line = 1;
        int col = 1;
        for (int i = 0; i < m.start(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return ":" + line + ":" + col;
    }

    /** Flink's most specific message: the validator's "From line ..: Column 'x' not found ..." when there is one. */
    private static String flinkMessage(Throwable e) {
        String best = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank()) {
                String first = m.lines().findFirst().orElse(m);
                if (best == null || first.contains("From line") || first.contains("not found")) {
                    best = first;
                }
            }
        }
        return best == null ? e.toString() : best;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.toString() : m.lines().findFirst().orElse(m);
    }

    private static String stripSemicolon(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }
}
