package dev.lakestation.connector.sink.internal;

import io.nats.client.JetStream;
import java.io.IOException;
import java.time.Duration;

/** One connection to the broker as the sink uses it: the JetStream data plane plus station look-ups. */
public interface SinkSession extends AutoCloseable {

    /** JetStream context for publishing (the hot path goes straight to jnats); PubAcks time out after {@code publishTimeout}. */
    JetStream jetStream(Duration publishTimeout) throws IOException;

    /** Connection UUID sent in {@code $memphis_connectionId}. */
    String connectionId();

    /**
     * Fresh look-up of a station.
     *
     * @throws StationNotFoundException when the station does not exist
     */
    StationInfo station(String station) throws IOException;

    /** Whether the stream of one partition (0 = legacy stream) exists; used to explain publish failures. */
    boolean partitionExists(String station, int partition) throws IOException;

    /** Creates the station when it is missing (configured by {@code setStationAutoCreate}); no-op otherwise. */
    void ensureStation(String station) throws IOException;

    @Override
    void close();
}
