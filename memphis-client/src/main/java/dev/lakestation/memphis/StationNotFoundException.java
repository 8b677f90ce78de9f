package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;

/**
 * The station does not exist (on the broker, or in the {@code memphis_stations} bucket and JetStream).
 *
 * <pre>{@code
 * try { memphis.station("orders"); }
 * catch (StationNotFoundException e) { memphis.createStation("orders"); }
 * }</pre>
 */
@PublicEvolving
public class StationNotFoundException extends MemphisException {
    private final String station;

    public StationNotFoundException(String station) {
        super("station '" + station + "' does not exist");
        this.station = station;
    }

    public String station() {
        return station;
    }
}
