package dev.lakestation.schema.project;

/**
 * One finding about a project: an error (the project cannot run) or a warning (for example an unknown key).
 * {@link #toString()} gives {@code file:line: message}, prefixed by {@code warning: } for warnings:
 *
 * <pre>{@code
 * new Problem(Problem.Severity.ERROR, "metadata/load/sales/orders.sl.yml", 7, "unknown type 'integr'").toString();
 * // metadata/load/sales/orders.sl.yml:7: unknown type 'integr'
 * }</pre>
 *
 * @param severity error or warning
 * @param file     path relative to the project root, with {@code /} separators
 * @param line     1-based line number (1 for problems about a whole file)
 * @param message  what is wrong
 */
public record Problem(Severity severity, String file, int line, String message) implements Comparable<Problem> {

    /** How bad a problem is. */
    public enum Severity {
        /** The project is unusable until fixed. */
        ERROR,
        /** Suspicious but ignored (for example an unknown key). */
        WARNING
    }

    /** True for errors. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line: message}. */
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
