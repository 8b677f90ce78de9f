package dev.lakestation.jobs.load;

import dev.lakestation.schema.project.LoadResult;
import dev.lakestation.schema.project.Project;
import dev.lakestation.schema.project.ProjectLoader;
import dev.lakestation.schema.project.TableValidator;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A serializable handle on a Starlake project that a Flink task reloads where it runs: the project model holds
 * compiled regexes and formatters that do not serialize, and reading the YAML again costs milliseconds. On a
 * cluster the root must be on a path every TaskManager sees. One load per JVM and handle.
 *
 * @param root      project root
 * @param env       environment name or null
 * @param overrides variables given with {@code --options k=v}
 */
public record ProjectRef(String root, String env, Map<String, String> overrides) implements Serializable {

    private static final Map<ProjectRef, Project> LOADED = new ConcurrentHashMap<>();
    private static final Map<String, TableValidator> VALIDATORS = new ConcurrentHashMap<>();

    public ProjectRef {
        overrides = Map.copyOf(overrides);
    }

    /** The handle of an already loaded project (the client side). */
    public static ProjectRef of(Project project, Map<String, String> overrides) {
        ProjectRef ref = new ProjectRef(project.root().toString(), project.envName(), overrides);
        LOADED.putIfAbsent(ref, project);
        return ref;
    }

    /** The project, loaded once per JVM. */
    public Project project() {
        return LOADED.computeIfAbsent(this, r -> {
            LoadResult result = ProjectLoader.load(Path.of(r.root), r.env, r.overrides);
            return result.orThrow();
        });
    }

    /** The compiled validator of {@code domain.table}, once per JVM (it is immutable and thread-safe). */
    public TableValidator validator(String domain, String table) {
        return VALIDATORS.computeIfAbsent(this + "\u0000" + domain + "\u0000" + table,
                k -> TableValidator.of(project(), domain, table));
    }
}
