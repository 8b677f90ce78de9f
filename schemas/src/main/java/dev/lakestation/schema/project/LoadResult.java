package dev.lakestation.schema.project;

import dev.lakestation.schema.Problem;
import java.util.List;
import java.util.Optional;

/**
 * Outcome of {@link ProjectLoader#load}: all problems found, and the project when there is no error.
 *
 * <pre>{@code
 * LoadResult r = ProjectLoader.load(Path.of("examples/starbake"), null);
 * r.problems().forEach(System.err::println);
 * Project p = r.orThrow();
 * }</pre>
 *
 * @param problems errors and warnings, sorted by file and line
 * @param project  the project, empty when {@link #hasErrors()}
 */
public record LoadResult(List<Problem> problems, Optional<Project> project) {

    public LoadResult {
        problems = List.copyOf(problems);
    }

    /** True when at least one problem is an error. */
    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    /** Only the errors. */
    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    /** Only the warnings. */
    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    /** The project, or a {@link ProjectException} listing every problem. */
    public Project orThrow() {
        return project.orElseThrow(() -> new ProjectException(problems));
    }
}
