package dev.lakestation.schema.project;

import dev.lakestation.schema.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** Thrown by {@link LoadResult#orThrow()} when a project has errors; the message lists every problem. */
public final class ProjectException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public ProjectException(List<Problem> problems) {
        super("invalid Starlake project:\n" + problems.stream().map(Problem::toString)
                .collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** All problems (errors and warnings). */
    public List<Problem> problems() {
        return problems;
    }
}
