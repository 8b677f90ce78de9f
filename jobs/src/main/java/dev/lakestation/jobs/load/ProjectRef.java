package dev.lakestation.jobs.load;

import dev.lakestation.schema.project.LoadResult;
import dev.lakestation.schema.project.Project;
import dev.lakestation.schema.project.ProjectLoader;
import dev.lakestation.schema.project.TableModel;
import dev.lakestation.schema.project.TableValidator;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A handle on a Starlake project on the side that reads it (the client, or the JobManager running a command):
 * the project loaded once per JVM and handle, and the {@link TableModel} of each of its tables. Operators never
 * hold one: they carry the table's {@link TableModel}, which compiles its validator on the TaskManager without
 * reading the project's files ({@code java.nio}) there.
 *
 * <pre>{@code
 * ProjectRef ref = ProjectRef.of(project, Map.of());
 * TableModel model = ref.model("sales", "orders");   // shipped inside LoadSource / StationPayloads
 * }</pre>
 *
 * @param root      project root
 * @param env       environment name or null
 * @param overrides variables given with {@code --options k=v}
 */
public record ProjectRef(String root, String env, Map<String, String> overrides) {

    private static final Map<ProjectRef, Project> LOADED = new ConcurrentHashMap<>();
    private static final Map<String, TableModel> MODELS = new ConcurrentHashMap<>();

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

    /** The serializable model of {@code domain.table}, once per JVM; its validator is compiled once with it. */
    public TableModel model(String domain, String table) {
        return MODELS.computeIfAbsent(this + "\u0000" + domain + "\u0000" + table,
                k -> TableModel.of(project(), domain, table));
    }

    /** The compiled validator of {@code domain.table} ({@link #model}'s), once per JVM. */
    public TableValidator validator(String domain, String table) {
        return model(domain, table).validator();
    }
}
