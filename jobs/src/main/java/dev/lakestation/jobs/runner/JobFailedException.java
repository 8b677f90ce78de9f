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
            // a failure from a TaskManager arrives as Flink's SerializedThrowable, naming the original class
            String type = c instanceof org.apache.flink.util.SerializedThrowable s ? s.getOriginalErrorClassName()
                    : c.getClass().getName();
            if (type.startsWith("dev.lakestation.") && messageOf(c) != null
                    && !(c instanceof JobFailedException)) {
                ours = c;
            }
            root = c;
        }
        if (ours != null) {
            return messageOf(ours);
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }

    /**
     * A throwable's own message; for Flink's {@link org.apache.flink.util.SerializedThrowable}, without the
     * {@code "<original class>: "} prefix it may carry.
     */
    public static String messageOf(Throwable t) {
        String m = t.getMessage();
        if (m != null && t instanceof org.apache.flink.util.SerializedThrowable s
                && m.startsWith(s.getOriginalErrorClassName() + ": ")) {
            m = m.substring(s.getOriginalErrorClassName().length() + 2);
        }
        return m;
    }
}
