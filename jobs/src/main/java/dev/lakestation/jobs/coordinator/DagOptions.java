package dev.lakestation.jobs.coordinator;

import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.model.Task;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a Lakestation user sets orchestration options: exactly where Starlake does, in DAG configurations
 * {@code metadata/dags/<name>.sl.yml} ({@code dag: {options: {dataset_triggering_strategy: any, retries: 2, ...}}}).
 * A table uses the DAG named by its {@code metadata.dagRef}, a task the one named by its {@code dagRef} (in its
 * {@code <task>.sl.yml} or its folder's {@code _config.sl.yml} default); otherwise the project default of
 * {@code metadata/application.sl.yml} {@code application: {dagRef: {load: <name>, transform: <name>}}}. The
 * coordinator's own overrides (CLI {@code --options}) come on top, see {@link ProjectPipelines}.
 *
 * <pre>{@code
 * DagOptions dags = DagOptions.read(project.root());
 * dags.forTask(task).get("dataset_triggering_strategy");   // "any", or null when not set
 * }</pre>
 */
public final class DagOptions {

    private final Map<String, Map<String, String>> byName;
    private final String loadDefault;
    private final String transformDefault;

    /** Options by DAG name, and the names used when a table / task names none (either may be null). */
    public DagOptions(Map<String, Map<String, String>> byName, String loadDefault, String transformDefault) {
        this.byName = Map.copyOf(byName);
        this.loadDefault = loadDefault;
        this.transformDefault = transformDefault;
    }

    /** No DAG configurations: every pipeline gets {@link PipelineOptions#DEFAULTS}. */
    public static DagOptions none() {
        return new DagOptions(Map.of(), null, null);
    }

    /** Reads {@code <root>/metadata/dags/*.sl.yml} and the defaults of {@code metadata/application.sl.yml}. */
    public static DagOptions read(Path root) {
        Map<String, Map<String, String>> dags = new LinkedHashMap<>();
        Path dir = root.resolve("metadata").resolve("dags");
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".sl.yml"))
                        .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                    String name = f.getFileName().toString().replaceFirst("\\.sl\\.yml$", "");
                    dags.put(name, strings(path(yaml(f), "dag", "options"), root.relativize(f) + ": dag.options"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        String load = null;
        String transform = null;
        Path app = root.resolve("metadata").resolve("application.sl.yml");
        if (Files.isRegularFile(app, LinkOption.NOFOLLOW_LINKS)) {
            Object refs = path(yaml(app), "application", "dagRef");
            if (refs instanceof Map<?, ?> m) {
                load = m.get("load") == null ? null : m.get("load").toString();
                transform = m.get("transform") == null ? null : m.get("transform").toString();
            }
        }
        return new DagOptions(dags, load, transform);
    }

    /** Options of the DAG a load table uses (empty when none). */
    public Map<String, String> forTable(Table table) {
        return named(table.metadata().dagRef() != null ? table.metadata().dagRef() : loadDefault,
                table.source() + ": metadata.dagRef");
    }

    /** Options of the DAG a task uses (empty when none). */
    public Map<String, String> forTask(Task task) {
        return named(task.dagRef() != null ? task.dagRef() : transformDefault, task.source() + ": dagRef");
    }

    private Map<String, String> named(String dagRef, String where) {
        if (dagRef == null) {
            return Map.of();
        }
        Map<String, String> o = byName.get(dagRef);
        if (o == null) {
            throw new IllegalArgumentException(where + ": no DAG configuration metadata/dags/" + dagRef
                    + ".sl.yml (known: " + String.join(", ", new java.util.TreeSet<>(byName.keySet())) + ")");
        }
        return o;
    }

    private static Object yaml(Path f) {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(f));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(f + ": invalid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static Object path(Object node, String... keys) {
        Object n = node;
        for (String k : keys) {
            if (!(n instanceof Map<?, ?> m)) {
                return null;
            }
            n = m.get(k);
        }
        return n;
    }

    private static Map<String, String> strings(Object node, String where) {
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + " must be a map of option names to values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        return out;
    }
}
