package dev.lakestation.jobs.coordinator;

import dev.lakestation.jobs.area.PreloadStrategy;
import dev.lakestation.schema.model.Domain;
import dev.lakestation.schema.model.Freshness;
import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.model.Task;
import dev.lakestation.schema.project.Project;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The pipelines of a project, as Starlake's DAG generation groups them:
 * <ul>
 *   <li>loads: tables grouped by {@code metadata.schedule} (pipeline {@code load:<preset>} or, for an inline cron,
 *       {@code load:cron1}, {@code load:cron2}, … in order of appearance, Starlake's {@code getScheduleName}); each
 *       domain of a group gives stage → preload (unless NONE) → one load per table. Unscheduled tables form one
 *       pipeline per domain, {@code load:<domain>};</li>
 *   <li>transforms: one pipeline per task, {@code transform:<domain>.<task>}, in dependency order; inputs from the
 *       {@link Lineage}, resolved by {@link Inputs}.</li>
 * </ul>
 * Options: {@link PipelineOptions#DEFAULTS}, then the DAG options ({@link DagOptions}; for a load group those of its
 * first table), then {@code overrides}. Cron fields are read in the project's {@code timezone}.
 *
 * <pre>{@code
 * ProjectPipelines pp = ProjectPipelines.of(project);
 * pp.transformOrder();                      // [transform:kpi.order_items_analysis, transform:kpi.product_summary, ...]
 * pp.datasetCron("starbake.orders");        // Optional.empty(): not on a cron
 * }</pre>
 */
public final class ProjectPipelines {

    private final ZoneId zone;
    private final Map<String, Pipeline> byId = new LinkedHashMap<>();
    private final Map<String, CronSchedule> datasetCron = new HashMap<>();
    private final Map<String, CronSchedule> triggerCron = new HashMap<>();
    private final Map<String, List<Pipeline>> consumers = new HashMap<>();
    private final Map<String, String> producers = new HashMap<>();
    private final List<FreshnessRule> freshness = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> transformOrder = new ArrayList<>();

    private ProjectPipelines(Project project, Lineage lineage, DagOptions dags, Map<String, String> overrides) {
        this.zone = ZoneId.of(project.settings().timezone());
        Map<String, String> presets = project.settings().schedulePresets();
        buildLoads(project, dags, overrides, presets);
        buildTransforms(project, lineage, dags, overrides, presets);
    }

    /** Pipelines with Starlake's regex lineage, the project's DAG configurations and no overrides. */
    public static ProjectPipelines of(Project project) {
        return of(project, new RegexLineage(), DagOptions.read(project.root()), Map.of());
    }

    /**
     * @param overrides options on top of everything (CLI {@code --options}), Starlake names
     * @throws IllegalArgumentException for an invalid schedule, option or a cycle between tasks (the message names
     *                                  the file and the cycle)
     */
    public static ProjectPipelines of(Project project, Lineage lineage, DagOptions dags,
                                      Map<String, String> overrides) {
        return new ProjectPipelines(project, lineage, dags, overrides);
    }

    private void buildLoads(Project project, DagOptions dags, Map<String, String> overrides,
                            Map<String, String> presets) {
        Map<String, Map<Domain, List<Table>>> groups = new LinkedHashMap<>();
        Map<String, CronSchedule> crons = new HashMap<>();
        Map<String, String> inlineNames = new HashMap<>();
        for (Domain d : project.domains()) {
            for (Table t : d.tables()) {
                String schedule = t.metadata().schedule();
                String id;
                if (schedule == null || schedule.isBlank()) {
                    id = "load:" + d.name();
                } else {
                    String name = presets.containsKey(schedule) || schedule.startsWith("@")
                            ? schedule.replaceFirst("^@", "")
                            : inlineNames.computeIfAbsent(schedule, s -> "cron" + (inlineNames.size() + 1));
                    id = "load:" + name;
                    try {
                        crons.putIfAbsent(id, CronSchedule.parse(schedule, presets, zone));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(t.source() + ": metadata.schedule: " + e.getMessage(), e);
                    }
                }
                groups.computeIfAbsent(id, k -> new LinkedHashMap<>()).computeIfAbsent(d, k -> new ArrayList<>())
                        .add(t);
            }
        }
        for (Map.Entry<String, Map<Domain, List<Table>>> g : groups.entrySet()) {
            Table first = g.getValue().values().iterator().next().get(0);
            PipelineOptions options = PipelineOptions.DEFAULTS.with(dags.forTable(first)).with(overrides);
            List<Step> steps = new ArrayList<>();
            List<String> outputs = new ArrayList<>();
            for (Map.Entry<Domain, List<Table>> dt : g.getValue().entrySet()) {
                String domain = dt.getKey().name();
                List<String> names = dt.getValue().stream().map(Table::name).toList();
                steps.add(new Step(Step.Kind.STAGE, domain, names, null));
                if (options.preloadStrategy() != PreloadStrategy.NONE) {
                    steps.add(new Step(Step.Kind.PRELOAD, domain, names, null));
                }
                for (Table t : dt.getValue()) {
                    steps.add(new Step(Step.Kind.LOAD, domain, List.of(t.name()), null));
                    String dataset = domain + "." + t.name();
                    outputs.add(dataset);
                    CronSchedule cron = crons.get(g.getKey());
                    if (cron != null) {
                        datasetCron.put(Inputs.key(dataset), cron);
                    }
                    addFreshness(dataset, t.metadata().freshness(), t.source() + ": metadata.freshness");
                }
            }
            add(new Pipeline(g.getKey(), Pipeline.Kind.LOAD, crons.get(g.getKey()), steps, List.of(), outputs,
                    options, options.runTimeout()));
        }
    }

    private void buildTransforms(Project project, Lineage lineage, DagOptions dags, Map<String, String> overrides,
                                 Map<String, String> presets) {
        Inputs resolver = new Inputs(project);
        Map<String, Task> byOutput = new HashMap<>();
        Map<String, List<Input>> inputs = new HashMap<>();
        for (Task t : project.tasks()) {
            byOutput.put(Inputs.key(t.outputTable()), t);
            inputs.put(t.fullName(), resolver.resolve(t, lineage.references(project, t), warnings));
        }
        for (Task t : topological(project.tasks(), inputs, byOutput)) {
            PipelineOptions options = PipelineOptions.DEFAULTS.with(dags.forTask(t)).with(overrides);
            CronSchedule own = null;
            if (t.schedule() != null && !t.schedule().isBlank()) {
                try {
                    own = CronSchedule.parse(t.schedule(), presets, zone);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(t.source() + ": schedule: " + e.getMessage(), e);
                }
            }
            List<Input> in = inputs.get(t.fullName());
            String id = "transform:" + t.fullName();
            Duration timeout = t.taskTimeoutMs() != null ? Duration.ofMillis(t.taskTimeoutMs()) : options.runTimeout();
            Pipeline p = new Pipeline(id, Pipeline.Kind.TRANSFORM, own, List.of(new Step(Step.Kind.TRANSFORM, null,
                    List.of(), t.fullName())), in, List.of(t.outputTable()), options, timeout);
            CronSchedule computed = own != null ? own : mostFrequent(in);
            if (computed != null) {
                datasetCron.put(Inputs.key(t.outputTable()), computed);
                if (own == null) {
                    triggerCron.put(id, computed);
                }
            }
            addFreshness(t.outputTable(), t.freshness(), t.source() + ": freshness");
            add(p);
            transformOrder.add(id);
            if (p.datasetTriggered()) {
                for (Input i : in) {
                    consumers.computeIfAbsent(Inputs.key(i.dataset()), k -> new ArrayList<>()).add(p);
                }
            }
        }
    }

    /** Starlake's {@code computed_cron}: the most frequent cron of the inputs when every input has one. */
    private CronSchedule mostFrequent(List<Input> in) {
        if (in.isEmpty()) {
            return null;
        }
        List<CronSchedule> crons = new ArrayList<>();
        for (Input i : in) {
            CronSchedule c = datasetCron.get(Inputs.key(i.dataset()));
            if (c == null) {
                return null;
            }
            crons.add(c);
        }
        return crons.stream().min(Comparator.comparing(CronSchedule::meanInterval)).orElseThrow();
    }

    private static List<Task> topological(List<Task> tasks, Map<String, List<Input>> inputs,
                                          Map<String, Task> byOutput) {
        Map<String, Integer> missing = new HashMap<>();
        Map<String, List<Task>> dependents = new HashMap<>();
        for (Task t : tasks) {
            int n = 0;
            for (Input i : inputs.get(t.fullName())) {
                if (i.kind() == Input.Kind.TASK) {
                    Task up = byOutput.get(Inputs.key(i.dataset()));
                    dependents.computeIfAbsent(up.fullName(), k -> new ArrayList<>()).add(t);
                    n++;
                }
            }
            missing.put(t.fullName(), n);
        }
        TreeSet<String> ready = new TreeSet<>();
        Map<String, Task> byName = new HashMap<>();
        for (Task t : tasks) {
            byName.put(t.fullName(), t);
            if (missing.get(t.fullName()) == 0) {
                ready.add(t.fullName());
            }
        }
        List<Task> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            Task t = byName.get(ready.pollFirst());
            order.add(t);
            for (Task d : dependents.getOrDefault(t.fullName(), List.of())) {
                if (missing.merge(d.fullName(), -1, Integer::sum) == 0) {
                    ready.add(d.fullName());
                }
            }
        }
        if (order.size() < tasks.size()) {
            throw new IllegalArgumentException("transform tasks depend on each other in a cycle: "
                    + cycle(tasks, order, inputs, byOutput));
        }
        return order;
    }

    private static String cycle(List<Task> tasks, List<Task> done, Map<String, List<Input>> inputs,
                                Map<String, Task> byOutput) {
        // walk upstream from any unfinished task until a task repeats: that loop is a cycle
        List<String> path = new ArrayList<>();
        Task t = tasks.stream().filter(x -> !done.contains(x)).findFirst().orElseThrow();
        while (!path.contains(t.fullName())) {
            path.add(t.fullName());
            Task current = t;
            t = inputs.get(current.fullName()).stream().filter(i -> i.kind() == Input.Kind.TASK)
                    .map(i -> byOutput.get(Inputs.key(i.dataset()))).filter(x -> !done.contains(x)).findFirst()
                    .orElseThrow();
        }
        List<String> loop = new ArrayList<>(path.subList(path.indexOf(t.fullName()), path.size()));
        java.util.Collections.reverse(loop); // upstream first: a -> b means b reads a
        java.util.Collections.rotate(loop, -loop.indexOf(java.util.Collections.min(loop))); // stable: smallest first
        loop.add(loop.get(0));
        return String.join(" -> ", loop);
    }

    private void addFreshness(String dataset, Freshness f, String where) {
        if (f == null || (f.warn() == null && f.error() == null)) {
            return;
        }
        freshness.add(new FreshnessRule(dataset, f.warn() == null ? null : Durations.parse(f.warn(), where + ".warn"),
                f.error() == null ? null : Durations.parse(f.error(), where + ".error")));
    }

    private void add(Pipeline p) {
        byId.put(p.id(), p);
        for (String out : p.outputs()) {
            producers.put(Inputs.key(out), p.id());
        }
    }

    /** Time zone of the cron fields and of {@code sl_schedule}. */
    public ZoneId zone() {
        return zone;
    }

    /** Every pipeline: loads first, then transforms in dependency order. */
    public List<Pipeline> all() {
        return List.copyOf(byId.values());
    }

    /** A pipeline by id. */
    public Optional<Pipeline> pipeline(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Transform pipeline ids in dependency order (ties by name). */
    public List<String> transformOrder() {
        return List.copyOf(transformOrder);
    }

    /** The cron whose periods a dataset's events belong to: its load schedule, task schedule or computed cron. */
    public Optional<CronSchedule> datasetCron(String dataset) {
        return Optional.ofNullable(datasetCron.get(Inputs.key(dataset)));
    }

    /** The computed cron that aligns a dataset-triggered task's periods (empty: events only, no periods). */
    public Optional<CronSchedule> triggerCron(String pipelineId) {
        return Optional.ofNullable(triggerCron.get(pipelineId));
    }

    /** Dataset-triggered pipelines reading {@code dataset}. */
    public List<Pipeline> consumersOf(String dataset) {
        return consumers.getOrDefault(Inputs.key(dataset), List.of());
    }

    /** The pipeline writing {@code dataset}, if the project has one. */
    public Optional<String> producerOf(String dataset) {
        return Optional.ofNullable(producers.get(Inputs.key(dataset)));
    }

    /** The cron whose periods the pipeline runs on: its own schedule, else its computed trigger cron. */
    public Optional<CronSchedule> periodCron(String pipelineId) {
        Pipeline p = byId.get(pipelineId);
        if (p == null) {
            return Optional.empty();
        }
        return p.schedule() != null ? Optional.of(p.schedule()) : triggerCron(pipelineId);
    }

    /**
     * The pipeline a user names on the command line: a pipeline id ({@code transform:kpi.t}, {@code load:daily}), a
     * task ({@code kpi.t}) or a dataset ({@code sales.orders}: the pipeline that writes it), case-insensitive.
     *
     * @throws IllegalArgumentException naming the known pipelines when nothing matches
     */
    public Pipeline resolve(String name) {
        Pipeline p = byId.get(name);
        if (p == null) {
            p = byId.get("transform:" + name);
        }
        if (p == null) {
            p = byId.values().stream().filter(x -> x.id().equalsIgnoreCase(name)
                    || x.id().equalsIgnoreCase("transform:" + name)).findFirst().orElse(null);
        }
        if (p == null) {
            p = producerOf(name).map(byId::get).orElse(null);
        }
        if (p == null) {
            throw new IllegalArgumentException("no pipeline, task or dataset '" + name + "' (pipelines: "
                    + String.join(", ", byId.keySet()) + ")");
        }
        return p;
    }

    /** Freshness rules of tables and tasks. */
    public List<FreshnessRule> freshness() {
        return List.copyOf(freshness);
    }

    /** Ignored references and similar findings, each naming the file. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }
}
