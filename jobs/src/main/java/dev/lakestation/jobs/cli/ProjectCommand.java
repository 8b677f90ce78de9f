package dev.lakestation.jobs.cli;

import dev.lakestation.schema.Problem;
import dev.lakestation.schema.project.LoadResult;
import dev.lakestation.schema.project.Project;
import dev.lakestation.schema.project.ProjectLoader;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * Base of every command that works on a Starlake project: it loads and validates the project first, prints every
 * problem as {@code file:line: message} (warnings prefixed {@code warning: }) on standard error, stops with exit
 * code 1 when there is an error, and otherwise calls {@link #run(Project)}.
 *
 * <pre>{@code
 * @Command(name = "load", description = "Load staged files")
 * final class LoadCommand extends ProjectCommand {
 *     @Override
 *     protected int run(Project project) { ...; return 0; }
 * }
 * }</pre>
 */
public abstract class ProjectCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    private LakestationCli cli;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** The global options. */
    protected LakestationCli cli() {
        return cli;
    }

    /** Standard output of this invocation. */
    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Standard error of this invocation. */
    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public final Integer call() {
        LoadResult result = ProjectLoader.load(cli.root(), cli.env(), variables());
        PrintWriter err = err();
        for (Problem p : result.problems()) {
            err.println(p);
        }
        if (result.hasErrors()) {
            err.println("invalid project " + cli.root() + ": " + plural(result.errors().size(), "error") + ", "
                    + plural(result.warnings().size(), "warning"));
            err.flush();
            return LakestationCli.EXIT_FAILURE;
        }
        err.flush();
        return run(result.orThrow());
    }

    /** Variables that override the project's env files ({@code --options k=v}); none by default. */
    protected java.util.Map<String, String> variables() {
        return java.util.Map.of();
    }

    /** The command's work on a valid project; returns the exit code. */
    protected abstract int run(Project project);

    /** {@code "1 table"}, {@code "2 tables"}. */
    protected static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
