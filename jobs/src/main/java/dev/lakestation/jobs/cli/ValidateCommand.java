package dev.lakestation.jobs.cli;

import dev.lakestation.schema.project.Project;
import picocli.CommandLine.Command;

/**
 * {@code lakestation validate}: loads the project, prints every problem, exits 1 on any error, else prints a
 * one-line summary and exits 0.
 *
 * <pre>{@code
 * $ lakestation validate --root examples/starbake
 * valid: 1 domain, 3 tables, 4 tasks, 0 warnings (examples/starbake)
 * }</pre>
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a Starlake project: YAML, types, patterns, formats, write strategies. "
                + "Prints every problem as file:line: message; exit code 1 on any error.")
public final class ValidateCommand extends ProjectCommand {

    @Override
    protected int run(Project project) {
        out().println("valid: " + plural(project.domains().size(), "domain") + ", "
                + plural(project.tableCount(), "table") + ", " + plural(project.tasks().size(), "task") + ", "
                + plural(project.warnings().size(), "warning") + " (" + cli().root() + ")");
        out().flush();
        return 0;
    }
}
