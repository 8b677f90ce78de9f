package dev.lakestation.jobs.transform;

/**
 * A transform task that cannot run: unknown or missing input table, SQL rejected by Flink, failed execution.
 * The message is one line naming the task and its file.
 */
public final class TransformException extends RuntimeException {

    public TransformException(String message) {
        super(message);
    }

    public TransformException(String message, Throwable cause) {
        super(message, cause);
    }
}
