package dev.lakestation.schema.project;

import dev.lakestation.schema.Problem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects problems while loading; duplicates (same severity, file, line, message) are kept once. */
final class Problems {
    private final Set<Problem> problems = new LinkedHashSet<>();

    void error(String file, int line, String message) {
        problems.add(Problem.error(file, line, message));
    }

    void warning(String file, int line, String message) {
        problems.add(Problem.warning(file, line, message));
    }

    void add(Problem problem) {
        problems.add(problem);
    }

    int errorCount() {
        return (int) problems.stream().filter(Problem::isError).count();
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    /** Sorted by file and line. */
    List<Problem> sorted() {
        List<Problem> l = new ArrayList<>(problems);
        l.sort(null);
        return l;
    }
}
