package dev.lakestation.memphis;

/** The station does not exist (on the broker, or in the {@code memphis_stations} bucket and JetStream). */
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
