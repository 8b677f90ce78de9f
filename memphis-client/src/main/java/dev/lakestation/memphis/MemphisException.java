package dev.lakestation.memphis;

/**
 * Base of every error the Memphis client raises. Unchecked: callers catch the subclasses they can
 * handle ({@link StationNotFoundException}, {@link MessageTooLargeException}, ...) and let the rest
 * propagate. Messages name the station, partition and sequence involved when there is one.
 */
public class MemphisException extends RuntimeException {
    public MemphisException(String message) {
        super(message);
    }

    public MemphisException(String message, Throwable cause) {
        super(message, cause);
    }
}
