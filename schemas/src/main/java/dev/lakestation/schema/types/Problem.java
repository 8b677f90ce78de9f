package dev.lakestation.schema.types;

import java.util.Objects;

/**
 * One problem found while reading project or type files: where it is and what is wrong.
 *
 * <pre>{@code
 * Problem p = Problem.error("metadata/types/my.sl.yml", 12, "type `email`: invalid regex ...");
 * System.out.println(p); // metadata/types/my.sl.yml:12: error: type `email`: invalid regex ...
 * }</pre>
 *
 * @param file the file the problem is in (as given by the caller, usually relative to the project root)
 * @param line 1-based line number, or 0 when unknown
 * @param severity {@link Severity#ERROR} blocks a run, {@link Severity#WARNING} does not
 * @param message what is wrong, naming the offending key or value
 */
public record Problem(String file, int line, Severity severity, String message) {

    /** How serious a problem is. */
    public enum Severity { ERROR, WARNING }

    public Problem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    /** An error at {@code file:line}. */
    public static Problem error(String file, int line, String message) {
        return new Problem(file, line, Severity.ERROR, message);
    }

    /** A warning at {@code file:line}. */
    public static Problem warning(String file, int line, String message) {
        return new Problem(file, line, Severity.WARNING, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line: severity: message}, the format the CLI prints. */
    @Override
    public String toString() {
        return file + ":" + line + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
    }
}
