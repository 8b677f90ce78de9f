package dev.lakestation.memphis;

/**
 * A station, producer or consumer-group name breaks the broker's naming rules; the message names the
 * rule.
 *
 * <pre>{@code
 * StationOptions.builder("bad name");   // InvalidNameException: ... only letters, digits, '_', '.', '-'
 * }</pre>
 */
public class InvalidNameException extends MemphisException {
    public InvalidNameException(String message) {
        super(message);
    }
}
