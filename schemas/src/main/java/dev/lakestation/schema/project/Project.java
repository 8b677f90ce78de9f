package dev.lakestation.schema.project;

import dev.lakestation.schema.Problem;
import dev.lakestation.schema.model.Domain;
import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.model.Task;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A loaded, valid Starlake project. Obtain it with {@link ProjectLoader#load(Path, String)}.
 *
 * <pre>{@code
 * Project p = ProjectLoader.load(Path.of("examples/starbake"), null).orThrow();
 * Table orders = p.table("starbake", "orders").orElseThrow();
 * Task summary = p.task("kpi.order_summary").orElseThrow();
 * }</pre>
 *
 * @param root     absolute project root
 * @param envName  active environment ({@code env.<ENV>.sl.yml}), or null
 * @param env      variables (OS environment, env files, overrides)
 * @param settings application settings with Starlake's defaults
 * @param domains  load domains, sorted by folder name
 * @param tasks    transform tasks, sorted by full name
 * @param types    the type catalogue (defaults + {@code metadata/types})
 * @param warnings warnings found while loading
 */
public record Project(Path root, String envName, EnvVars env, Settings settings, List<Domain> domains,
                      List<Task> tasks, ProjectTypes types, List<Problem> warnings) {

    public Project {
        domains = List.copyOf(domains);
        tasks = List.copyOf(tasks);
        warnings = List.copyOf(warnings);
    }

    /** The domain with this name. */
    public Optional<Domain> domain(String name) {
        return domains.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** A table by domain and table name. */
    public Optional<Table> table(String domain, String table) {
        return domain(domain).flatMap(d -> d.table(table));
    }

    /** A transform task by full name {@code <domain>.<task>}. */
    public Optional<Task> task(String fullName) {
        return tasks.stream().filter(t -> t.fullName().equals(fullName)).findFirst();
    }

    /** Number of tables over all domains. */
    public int tableCount() {
        return domains.stream().mapToInt(d -> d.tables().size()).sum();
    }

    /** {@code <datasets>/<area>/<domain>} for this project (see {@link Settings#areaPath}). */
    public Path areaPath(String area, String domain) {
        return settings.areaPath(area, domain);
    }
}
