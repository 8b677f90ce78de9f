package dev.lakestation.jobs.transform;

import dev.lakestation.jobs.transform.dialect.DialectException;
import dev.lakestation.jobs.transform.dialect.SparkToFlink;
import dev.lakestation.jobs.transform.lineage.Lineage;
import dev.lakestation.jobs.transform.lineage.SessionStatement;
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
import java.util.Optional;
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
    private static final Pattern FLINK_RANGE =
            Pattern.compile("^(SQL validation failed\\. )?From line \\d+, column \\d+ to line \\d+, column \\d+: ");
    private static final Pattern MISSING_COLUMN = Pattern.compile("Column '([^']+)' not found");

    private final TransformSession session;
    private final TableEnvironment tEnv;
    private final TableLocator locator;

    /** A job over a batch-mode session created by the caller; its jobs run where that environment executes. */
    public TransformJob(TableEnvironment tEnv) {
        this(TransformSession.of(tEnv), TableLocator.warehouse());
    }

    /** A job in {@code session} (e.g. {@link TransformSession#on} the command's Flink runner). */
    public TransformJob(TransformSession session) {
        this(session, TableLocator.warehouse());
    }

    /** A job reading input tables where {@code locator} says. */
    public TransformJob(TransformSession session, TableLocator locator) {
        this.session = session;
        this.tEnv = session.tableEnvironment();
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
     * @param timings  where the time went (session and commit are the caller's, zero here)
     */
    public record Result(String task, long rows, ResolvedSchema schema, Lineage lineage, String flinkSql,
                         Duration duration, TransformTimings timings) {
    }

    /** Runs the task with the project's variables. */
    public Result run(Project project, String taskName, Path stagingDir) {
        return run(project, taskName, Map.of(), stagingDir);
    }

    /**
     * Runs the task; {@code options} ({@code --options k=v}) override the project's variables.
     *
     * @throws TransformException naming the task and its file (line and column for SQL errors, a construct
     *                            without a Flink translation included) when it cannot run
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
        SparkToFlink.Translation translation;
        try {
            translation = SparkToFlink.translate(stripSemicolon(vars.substitute(task.sql())), file);
        } catch (DialectException e) {
            String prefix = e.file() + ":" + e.line() + ":" + e.column() + ": ";
            String detail = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length())
                    : e.getMessage();
            TransformException t = new TransformException("task " + task.fullName() + " (" + file + ":"
                    + (e.line() + leadingLines(task.sql())) + ":" + e.column() + "): " + detail);
            t.addSuppressed(e);   // not the cause: the one-line report takes the innermost Lakestation message
            throw t;
        }
        String sql = translation.sql();
        String statementsFile = String.valueOf(task.source());
        List<SessionStatement> pre = statements(task, statementsFile, "presql", task.presql(), vars);
        List<SessionStatement> post = statements(task, statementsFile, "postsql", task.postsql(), vars);
        List<SessionStatement> all = new java.util.ArrayList<>(pre);
        all.addAll(post);
        Lineage lineage = SessionStatement.inputs(SqlLineage.lineage(sql), all);
        Map<String, String> optionsBefore = tEnv.getConfig().getConfiguration().toMap();
        List<String> registered = InputTables.register(tEnv, project, task, lineage.tables(), locator);
        try {
            run(task, statementsFile, "presql", pre, optionsBefore);
            if (!translation.namedStructs().isEmpty()) {
                ResolvedSchema rows = query(task, file, sql).getResolvedSchema();
                sql = SparkToFlink.renameStructFields(translation, rows.getColumnNames(), rows.getColumnDataTypes()
                        .stream().map(org.apache.flink.table.types.DataType::getLogicalType).toList());
            }
            Table result = query(task, file, sql);
            ResolvedSchema schema = result.getResolvedSchema();
            long planned = System.nanoTime();
            TransformSession.Timed timed = write(task, file, result, schema, stagingDir);
            long executed = System.nanoTime();
            run(task, statementsFile, "postsql", post, optionsBefore);
            long rows = ParquetFolder.rows(stagingDir);
            long end = System.nanoTime();
            TransformTimings timings = new TransformTimings(Duration.ZERO,
                    Duration.ofNanos(planned - start).plus(timed.planning()), timed.clusterStart(),
                    timed.execution().plusNanos(end - executed), Duration.ZERO);
            return new Result(task.fullName(), rows, schema, lineage, sql, Duration.ofNanos(end - start), timings);
        } finally {
            endScope(all, optionsBefore);
            for (String path : registered) {
                tEnv.dropTemporaryTable(path);
            }
        }
    }

    /** The task's presql or postsql, variables substituted, Spark SQL translated, each checked to be a session one. */
    private static List<SessionStatement> statements(Task task, String file, String phase, List<String> texts,
            EnvVars vars) {
        List<SessionStatement> out = new java.util.ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                SessionStatement s = SessionStatement.parse(SparkToFlink.translateStatement(stripSemicolon(
                        vars.substitute(texts.get(i))), file));
                if ((s.kind() == SessionStatement.Kind.SET || s.kind() == SessionStatement.Kind.RESET)
                        && s.name() != null && !SessionOptions.known(s.name())) {
                    throw new IllegalArgumentException("'" + s.name() + "' is not a Flink SQL option (table.*: "
                            + "TableConfigOptions, ExecutionConfigOptions, OptimizerConfigOptions)");
                }
                out.add(s);
            } catch (IllegalArgumentException | DialectException e) {
                throw new TransformException("task " + task.fullName() + " (" + file + ") " + phase + " " + (i + 1)
                        + " `" + oneLine(texts.get(i)) + "`: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private void run(Task task, String file, String phase, List<SessionStatement> statements,
            Map<String, String> optionsBefore) {
        org.apache.flink.configuration.Configuration conf = tEnv.getConfig().getConfiguration();
        for (int i = 0; i < statements.size(); i++) {
            SessionStatement s = statements.get(i);
            try {
                switch (s.kind()) {
                    // the SQL client's SET/RESET, which TableEnvironment.executeSql does not take
                    case SET -> conf.setString(s.name(), s.value());
                    case RESET -> {
                        if (s.name() == null) {
                            restore(statements, optionsBefore);
                        } else {
                            reset(conf, s.name());
                        }
                    }
                    default -> tEnv.executeSql(s.sql()).await();
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new TransformException("task " + task.fullName() + " (" + file + ") " + phase + " " + (i + 1)
                        + " `" + oneLine(s.sql()) + "`: " + flinkMessage(e), e);
            }
        }
    }

    /**
     * What a task's statements did to the session ends with the task: its temporary views and functions are
     * dropped, the options it set get their previous values back, so the next task of the run starts clean.
     */
    private void endScope(List<SessionStatement> statements, Map<String, String> optionsBefore) {
        for (SessionStatement s : statements) {
            switch (s.kind()) {
                case CREATE_VIEW -> tEnv.dropTemporaryView(s.name());
                case CREATE_FUNCTION -> {
                    if (!tEnv.dropTemporarySystemFunction(s.name())) {
                        tEnv.dropTemporaryFunction(s.name());
                    }
                }
                default -> { }
            }
        }
        restore(statements, optionsBefore);
    }

    /** The options the statements set or reset get their values from before the task. */
    private void restore(List<SessionStatement> statements, Map<String, String> optionsBefore) {
        org.apache.flink.configuration.Configuration conf = tEnv.getConfig().getConfiguration();
        for (SessionStatement s : statements) {
            if ((s.kind() == SessionStatement.Kind.SET || s.kind() == SessionStatement.Kind.RESET)
                    && s.name() != null) {
                if (optionsBefore.containsKey(s.name())) {
                    conf.setString(s.name(), optionsBefore.get(s.name()));
                } else {
                    reset(conf, s.name());
                }
            }
        }
    }

    /** Back to the session's value (its start options), else Flink's default (see {@link SessionOptions}). */
    private void reset(org.apache.flink.configuration.Configuration conf, String key) {
        Optional<String> start = session.startOption(key);
        Optional<String> value = start.isPresent() ? start : SessionOptions.defaultOf(key);
        if (value.isPresent()) {
            conf.setString(key, value.get());
        } else {
            conf.removeKey(key);
        }
    }

    private static String oneLine(String sql) {
        String s = sql.strip().replaceAll("\\s+", " ");
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private Table query(Task task, String file, String sql) {
        try {
            return tEnv.sqlQuery(sql);
        } catch (RuntimeException e) {
            throw sqlError(task, file, sql, e);
        }
    }

    private TransformSession.Timed write(Task task, String file, Table result, ResolvedSchema schema,
            Path stagingDir) {
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
            TransformSession.Timed timed = session.execute(result.insertInto(sink.build()), "transform "
                    + task.fullName());
            nameAsParquet(stagingDir);
            return timed;
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
        } else if (pos.find() && task.sql() != null && sql.equals(stripSemicolon(task.sql()))) {
            // the executed text is the file's, less its leading blank lines
            where = ":" + (Integer.parseInt(pos.group(1)) + leadingLines(task.sql())) + ":" + pos.group(2);
        }
        // the position is in the prefix, said once
        message = FLINK_RANGE.matcher(message).replaceFirst("");
        return new TransformException("task " + task.fullName() + " (" + file + where + "): " + message, e);
    }

    private static int leadingLines(String text) {
        int lines = 0;
        for (int i = 0; i < text.length() && Character.isWhitespace(text.charAt(i)); i++) {
            if (text.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
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
