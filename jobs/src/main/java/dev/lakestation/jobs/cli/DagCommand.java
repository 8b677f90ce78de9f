package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.transform.lineage.DagFormat;
import dev.lakestation.jobs.transform.lineage.ProjectDag;
import dev.lakestation.schema.project.Project;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Optional;

/**
 * {@code lakestation dag [--format text|mermaid|dot]}: the project's tasks and the tables they read. Unknown inputs
 * and cycles are printed on standard error and give exit code 1.
 */
@Command(name = "dag", description = "Print the graph of loaded tables and transform tasks (text, Mermaid or DOT).")
final class DagCommand extends ProjectCommand {

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text, mermaid or dot (default: ${DEFAULT-VALUE}).")
    DagFormat format;

    @Override
    protected int run(Project project) {
        ProjectDag dag = ProjectDag.of(project);
        out().print(format.render(dag));
        out().flush();
        int exit = 0;
        for (ProjectDag.TaskNode n : dag.tasks().values()) {
            if (!n.lineage().parsed()) {
                err().println("warning: " + n.task() + " (" + n.file() + "): inputs found by regex fallback: "
                        + n.lineage().parseError());
            }
        }
        List<String> unknown = dag.unknownInputs();
        for (String u : unknown) {
            err().println("unknown input table: " + u + " is neither a loaded table nor a task output");
            exit = LakestationCli.EXIT_FAILURE;
        }
        Optional<List<String>> cycle = dag.cycle();
        if (cycle.isPresent()) {
            err().println("dependency cycle: " + String.join(" -> ", cycle.get()));
            exit = LakestationCli.EXIT_FAILURE;
        }
        err().flush();
        return exit;
    }
}
