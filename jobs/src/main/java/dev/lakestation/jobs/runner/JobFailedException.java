package dev.lakestation.jobs.runner;

/** A Flink job that ended in failure; {@link #getMessage()} is the root cause in one line. */
public final class JobFailedException extends Exception {

    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The innermost cause's message, the part a user can act on ("file x: line 3: ..."). */
    public static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }
}
