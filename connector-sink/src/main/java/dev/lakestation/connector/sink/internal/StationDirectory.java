package dev.lakestation.connector.sink.internal;

import org.apache.flink.annotation.Internal;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Station look-ups cached per writer. The first use of a station creates it when auto-create is on
 * and runs the {@link FirstUseCheck} (idempotency window); {@link #refresh} re-reads it, e.g. when a
 * record names a partition the cached list does not have.
 */
@Internal
public final class StationDirectory {
    /** Called once per station when it is first seen. */
    @FunctionalInterface
    public interface FirstUseCheck {
        void check(SinkStation station) throws IOException;
    }

    private final SinkSession session;
    private final FirstUseCheck check;
    private final Map<String, SinkStation> stations = new HashMap<>();

    public StationDirectory(SinkSession session, FirstUseCheck check) {
        this.session = session;
        this.check = check;
    }

    public SinkStation get(String station) throws IOException {
        SinkStation info = stations.get(station);
        if (info == null) {
            session.ensureStation(station);
            info = session.station(station);
            check.check(info);
            stations.put(station, info);
        }
        return info;
    }

    public SinkStation refresh(String station) throws IOException {
        SinkStation info = session.station(station);
        stations.put(station, info);
        return info;
    }
}
