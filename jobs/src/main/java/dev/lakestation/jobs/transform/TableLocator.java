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

    /**
     * The table's current version folder ({@code <datasets>/warehouse/<domain>/<table>} resolved once, so a task
     * reads one snapshot even if a load commits meanwhile); the plain path when the table has no version yet.
     */
    static TableLocator warehouse() {
        return (project, domain, table) -> {
            var store = dev.lakestation.jobs.table.TableStore.of(java.nio.file.Path.of(project.settings().datasets()));
            return store.currentVersionDir(domain, table).orElse(store.tablePath(domain, table));
        };
    }
}
