package dev.lakestation.memphis;

/** A station, producer or consumer-group name breaks the broker's naming rules. */
public class InvalidNameException extends MemphisException {
    public InvalidNameException(String message) {
        super(message);
    }
}
