package dev.lakestation.schema;

import java.util.Objects;

/**
 * One finding about a project or a types file: an error (the project cannot run) or a warning (for example an
 * unknown key). Shared by the project loader ({@code dev.lakestation.schema.project}) and the type catalogue
 * ({@code dev.lakestation.schema.types}). {@link #toString()} gives {@code file:line: message}, prefixed by
 * {@code warning: } for warnings, the format {@code lakestation validate} prints:
 *
 * <pre>{@code
 * Problem.error("metadata/load/sales/orders.sl.yml", 7, "unknown type 'integr'").toString();
 * // metadata/load/sales/orders.sl.yml:7: unknown type 'integr'
 * }</pre>
 *
 * @param severity error or warning
 * @param file     path as given by the reader (relative to the project root, {@code /} separators, for projects)
 * @param line     1-based line number (1 for problems about a whole file)
 * @param message  what is wrong, naming the offending key or value
 */
public record Problem(Severity severity, String file, int line, String message) implements Comparable<Problem> {

    /** How bad a problem is. */
    public enum Severity {
        /** The project is unusable until fixed. */
        ERROR,
        /** Suspicious but ignored (for example an unknown key). */
        WARNING
    }

    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    /** An error at {@code file:line}. */
    public static Problem error(String file, int line, String message) {
        return new Problem(Severity.ERROR, file, line, message);
    }

    /** A warning at {@code file:line}. */
    public static Problem warning(String file, int line, String message) {
        return new Problem(Severity.WARNING, file, line, message);
    }

    /** True for errors. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line}. */
    public String location() {
        return file + ":" + line;
    }

    @Override
    public String toString() {
        return (severity == Severity.WARNING ? "warning: " : "") + file + ":" + line + ": " + message;
    }

    /** Orders by file, then line, then message. */
    @Override
    public int compareTo(Problem o) {
        int c = file.compareTo(o.file);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(line, o.line);
        return c != 0 ? c : message.compareTo(o.message);
    }
}
