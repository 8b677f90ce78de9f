package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;

/**
 * A station, producer or consumer-group name breaks the broker's naming rules; the message names the
 * rule.
 *
 * <pre>{@code
 * StationOptions.builder("bad name");   // InvalidNameException: ... only letters, digits, '_', '.', '-'
 * }</pre>
 */
@PublicEvolving
public class InvalidNameException extends MemphisException {
    public InvalidNameException(String message) {
        super(message);
    }
}
