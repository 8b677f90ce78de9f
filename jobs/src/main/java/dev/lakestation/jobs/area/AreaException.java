package dev.lakestation.jobs.area;

/**
 * A file-lifecycle operation was refused or failed. The message is one line for people: it names the file (relative
 * to the project root), what was refused and what happened to the file (always left in place).
 *
 * <pre>{@code
 * try { loadFiles.staged(domain, table); }
 * catch (AreaException e) { err.println(e.getMessage()); }
 * }</pre>
 */
public class AreaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AreaException(String message) {
        super(message);
    }

    public AreaException(String message, Throwable cause) {
        super(message, cause);
    }
}
