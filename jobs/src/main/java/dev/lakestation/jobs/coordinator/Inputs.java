package dev.lakestation.jobs.coordinator;

import dev.lakestation.schema.model.Domain;
import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.model.Task;
import dev.lakestation.schema.project.Project;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves a task's referenced names ({@link Lineage}) to inputs, as Starlake's {@code AutoTaskDependencies}: a name
 * that is a task (its full name or output table) is a TASK input, a load table a TABLE input (both case-insensitive,
 * {@code rename}d names accepted). Beyond Starlake: another qualified name is EXTERNAL (an event from another system
 * may satisfy it); an unqualified unknown name is ignored with a warning — the regex reports CTE names (starbake's
 * {@code order_details}) and nothing would ever publish an event for them. A task's reference to its own output is
 * ignored too (it would wait for itself).
 *
 * <pre>{@code
 * Inputs inputs = new Inputs(project);
 * inputs.resolve(task, List.of("kpi.product_summary", "starbake.orders"), warnings);
 * // [Input[kpi.product_summary, TASK], Input[starbake.orders, TABLE]]
 * }</pre>
 */
public final class Inputs {

    private final Map<String, String> tables = new HashMap<>();
    private final Map<String, String> taskOutputs = new HashMap<>();

    public Inputs(Project project) {
        for (Domain d : project.domains()) {
            for (Table t : d.tables()) {
                String name = d.name() + "." + t.name();
                tables.put(key(name), name);
                tables.put(key(d.finalName() + "." + t.finalName()), name);
            }
        }
        for (Task t : project.tasks()) {
            taskOutputs.put(key(t.outputTable()), t.outputTable());
            taskOutputs.put(key(t.fullName()), t.outputTable());
        }
    }

    /** The canonical dataset name of a load table or task output, or null. */
    public String dataset(String name) {
        String k = key(name);
        String task = taskOutputs.get(k);
        return task != null ? task : tables.get(k);
    }

    /** Inputs of {@code task} from its references; ignored names are added to {@code warnings}. */
    public List<Input> resolve(Task task, List<String> references, List<String> warnings) {
        Map<String, Input> out = new LinkedHashMap<>();
        for (String ref : references) {
            String k = key(ref);
            Input in;
            if (taskOutputs.containsKey(k)) {
                in = new Input(taskOutputs.get(k), Input.Kind.TASK);
            } else if (tables.containsKey(k)) {
                in = new Input(tables.get(k), Input.Kind.TABLE);
            } else if (ref.contains(".")) {
                in = new Input(ref, Input.Kind.EXTERNAL);
            } else {
                warnings.add(task.source() + ": task " + task.fullName() + ": '" + ref
                        + "' is neither a table nor a task (a CTE name?): not awaited");
                continue;
            }
            if (key(in.dataset()).equals(key(task.outputTable()))) {
                warnings.add(task.source() + ": task " + task.fullName() + " reads its own output " + ref
                        + ": not awaited");
                continue;
            }
            out.putIfAbsent(key(in.dataset()), in);
        }
        return new ArrayList<>(out.values());
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
