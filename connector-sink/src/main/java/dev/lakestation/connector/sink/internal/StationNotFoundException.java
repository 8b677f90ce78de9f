package dev.lakestation.connector.sink.internal;

import java.io.IOException;

/** The station (all of its partition streams) does not exist. */
public class StationNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    public StationNotFoundException(String station) {
        super("station '" + station + "' does not exist");
    }
}
