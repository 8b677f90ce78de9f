package dev.lakestation.jobs.transform.lineage;

import dev.lakestation.jobs.transform.dialect.DialectException;
import dev.lakestation.jobs.transform.dialect.SparkToFlink;
import dev.lakestation.schema.model.Task;
import dev.lakestation.schema.project.Project;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The project's graph: every transform task with the tables its SQL reads. An input that is another task's
 * output is a task dependency; a table of a load domain is a loaded table; anything else is unknown.
 *
 * <pre>{@code
 * ProjectDag dag = ProjectDag.of(project);
 * dag.tasks().get("kpi.order_summary").inputs();   // [Input[kpi.product_summary, TASK], Input[kpi.revenue_summary, TASK]]
 * dag.cycle();                                     // Optional.empty() or [a, b, a]
 * }</pre>
 */
public final class ProjectDag {

    /** What an input name resolves to. */
    public enum Kind { TASK, TABLE, UNKNOWN }

    /** A table read by a task; {@code producer} is the task writing it when {@code kind} is TASK. */
    public record Input(String name, Kind kind, String producer) {
    }

    /** A task node: its output table, inputs, and whether the parser or the regex fallback found them. */
    public record TaskNode(String task, String output, List<Input> inputs, Lineage lineage, String file) {
    }

    private final Map<String, TaskNode> tasks;
    private final List<String> loadedTables;

    private ProjectDag(Map<String, TaskNode> tasks, List<String> loadedTables) {
        this.tasks = tasks;
        this.loadedTables = loadedTables;
    }

    /** The graph of the project, variables substituted and Spark SQL translated before parsing. */
    public static ProjectDag of(Project project) {
        Map<String, String> producers = new TreeMap<>();
        for (Task t : project.tasks()) {
            producers.put(t.outputTable(), t.fullName());
        }
        List<String> loaded = new ArrayList<>();
        project.domains().forEach(d -> d.tables().forEach(t -> loaded.add(d.name() + "." + t.name())));
        Map<String, TaskNode> nodes = new LinkedHashMap<>();
        for (Task t : project.tasks()) {
            String file = String.valueOf(t.sqlFile() != null ? t.sqlFile() : t.source());
            Lineage lineage = t.sql() == null || !t.isParseSql()
                    ? new Lineage(java.util.Set.of(), true, null) : lineage(project.env().substitute(t.sql()), file);
            if (t.isParseSql()) {
                lineage = SessionStatement.inputs(lineage, sessionStatements(project, t, file));
            }
            List<Input> inputs = new ArrayList<>();
            for (String name : lineage.tables()) {
                String producer = producers.get(name);
                if (producer != null && !producer.equals(t.fullName())) {
                    inputs.add(new Input(name, Kind.TASK, producer));
                } else if (loaded.contains(name)) {
                    inputs.add(new Input(name, Kind.TABLE, null));
                } else {
                    inputs.add(new Input(name, Kind.UNKNOWN, null));
                }
            }
            nodes.put(t.fullName(), new TaskNode(t.fullName(), t.outputTable(), List.copyOf(inputs), lineage, file));
        }
        return new ProjectDag(nodes, List.copyOf(loaded));
    }

    /** The task's presql and postsql that parse (a statement that does not fails the task's run, not the graph). */
    private static List<SessionStatement> sessionStatements(Project project, Task t, String file) {
        List<SessionStatement> out = new ArrayList<>();
        List<String> all = new ArrayList<>(t.presql());
        all.addAll(t.postsql());
        for (String sql : all) {
            try {
                String s = project.env().substitute(sql).strip();
                out.add(SessionStatement.parse(SparkToFlink.translateStatement(
                        s.endsWith(";") ? s.substring(0, s.length() - 1) : s, file)));
            } catch (IllegalArgumentException | DialectException e) {
                // reported when the task runs
            }
        }
        return out;
    }

    /** The parsed lineage of one SQL text (Spark SQL translated first; regex fallback when it cannot be). */
    public static Lineage lineage(String sql, String file) {
        try {
            return SqlLineage.lineage(SparkToFlink.translateQuery(sql, file));
        } catch (DialectException e) {
            Lineage fallback = SqlLineage.lineage(sql);      // untranslatable: the regex still finds the inputs
            return new Lineage(fallback.tables(), false, e.getMessage());
        }
    }

    /** Task nodes by full name, in the project's order. */
    public Map<String, TaskNode> tasks() {
        return tasks;
    }

    /** Every {@code domain.table} of the load domains. */
    public List<String> loadedTables() {
        return loadedTables;
    }

    /** Inputs that are neither a loaded table nor a task output, as {@code task: name}. */
    public List<String> unknownInputs() {
        List<String> out = new ArrayList<>();
        tasks.values().forEach(n -> n.inputs().stream().filter(i -> i.kind() == Kind.UNKNOWN)
                .forEach(i -> out.add(n.task() + " (" + n.file() + "): " + i.name())));
        return out;
    }

    /** A dependency cycle between tasks, first task repeated at the end, if there is one. */
    public Optional<List<String>> cycle() {
        Map<String, Integer> state = new TreeMap<>();          // 1 = on the path, 2 = done
        for (String t : tasks.keySet()) {
            List<String> path = new ArrayList<>();
            Optional<List<String>> c = visit(t, state, path);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    private Optional<List<String>> visit(String task, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(task);
        if (s != null && s == 2) {
            return Optional.empty();
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(task), path.size()));
            cycle.add(task);
            return Optional.of(cycle);
        }
        state.put(task, 1);
        path.add(task);
        for (Input i : tasks.get(task).inputs()) {
            if (i.kind() == Kind.TASK) {
                Optional<List<String>> c = visit(i.producer(), state, path);
                if (c.isPresent()) {
                    return c;
                }
            }
        }
        path.remove(path.size() - 1);
        state.put(task, 2);
        return Optional.empty();
    }

    /** Tasks so that every task comes after the tasks it reads; throws on a cycle. */
    public List<String> order() {
        cycle().ifPresent(c -> {
            throw new IllegalStateException("dependency cycle: " + String.join(" -> ", c));
        });
        List<String> out = new ArrayList<>();
        for (String t : tasks.keySet()) {
            add(t, out);
        }
        return out;
    }

    private void add(String task, List<String> out) {
        if (out.contains(task)) {
            return;
        }
        for (Input i : tasks.get(task).inputs()) {
            if (i.kind() == Kind.TASK) {
                add(i.producer(), out);
            }
        }
        out.add(task);
    }
}
