package dev.lakestation.jobs.runner;

/** A Flink job that ended in failure; {@link #getMessage()} is the root cause in one line. */
public final class JobFailedException extends Exception {

    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The part of a failure a user can act on: the message of the innermost Lakestation exception in the chain
     * (it names the file, line and field), else the innermost cause's.
     */
    public static String rootMessage(Throwable t) {
        Throwable root = t;
        Throwable ours = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getClass().getName().startsWith("dev.lakestation.") && c.getMessage() != null
                    && !(c instanceof JobFailedException)) {
                ours = c;
            }
            root = c;
        }
        if (ours != null) {
            return ours.getMessage();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }
}
