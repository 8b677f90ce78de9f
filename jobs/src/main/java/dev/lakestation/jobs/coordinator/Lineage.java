package dev.lakestation.jobs.coordinator;

import dev.lakestation.schema.model.Task;
import dev.lakestation.schema.project.Project;

import java.util.List;

/**
 * The tables a transform task reads: names as referenced in its SQL ({@code domain.table}), in first-seen order,
 * without duplicates. {@link RegexLineage} is Starlake's own extraction; a parser-based one (transform issue)
 * implements the same interface.
 *
 * <pre>{@code
 * List<String> refs = new RegexLineage().references(project, project.task("kpi.order_summary").orElseThrow());
 * // [kpi.product_summary, kpi.revenue_summary]
 * }</pre>
 */
public interface Lineage {

    /** Referenced table names of {@code task} (variables already substituted by the implementation). */
    List<String> references(Project project, Task task);
}
