package dev.lakestation.jobs.transform.lineage;

import dev.lakestation.schema.model.Task;
import dev.lakestation.schema.project.Project;
import java.util.List;

/**
 * The coordinator's {@link dev.lakestation.jobs.coordinator.Lineage} from Flink's SQL parser: the same inputs
 * {@code lakestation dag} shows (CTE names are not tables, subqueries are followed), Starlake's regex only when the
 * SQL cannot be parsed.
 */
public final class ParsedLineage implements dev.lakestation.jobs.coordinator.Lineage {

    @Override
    public List<String> references(Project project, Task task) {
        if (task.sql() == null || !task.isParseSql()) {
            return List.of();
        }
        String file = String.valueOf(task.sqlFile() != null ? task.sqlFile() : task.source());
        return List.copyOf(ProjectDag.lineage(project.env().substitute(task.sql()), file).tables());
    }
}
