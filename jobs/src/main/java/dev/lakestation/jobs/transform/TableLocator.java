package dev.lakestation.jobs.transform;

import dev.lakestation.schema.project.Project;

import java.nio.file.Path;

/**
 * Where the current data of a warehouse table lives. The default is Starlake's
 * {@code <datasets>/warehouse/<domain>/<table>/}; the table commit protocol (versioned folders) supplies its own.
 */
@FunctionalInterface
public interface TableLocator {

    Path folder(Project project, String domain, String table);

    /** {@code <datasets>/warehouse/<domain>/<table>}. */
    static TableLocator warehouse() {
        return (project, domain, table) -> project.areaPath("warehouse", domain).resolve(table);
    }
}
