package dev.lakestation.connector.sink.internal;

import dev.lakestation.memphis.StationNames;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Session on a plain NATS JetStream server, found by URL: partitions are discovered from the
 * stream names ({@code <internal>$<p>}, or the legacy {@code <internal>}).
 */
public final class NatsSessionFactory implements SessionFactory {
    private static final long serialVersionUID = 1L;
    private final String url;

    public NatsSessionFactory(String url) {
        this.url = url;
    }

    @Override
    public SinkSession open() throws IOException {
        String connId = UUID.randomUUID().toString();
        Options options = new Options.Builder()
                .server(url)
                .connectionName(connId + "::flink")
                .maxReconnects(-1)
                .build();
        try {
            Connection nc = Nats.connect(options);
            return new Session(nc, connId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + url, e);
        }
    }

    static final class Session implements SinkSession {
        private final Connection nc;
        private final String connId;
        private final JetStreamManagement jsm;

        Session(Connection nc, String connId) throws IOException {
            this.nc = nc;
            this.connId = connId;
            this.jsm = nc.jetStreamManagement();
        }

        @Override
        public JetStream jetStream(Duration publishTimeout) throws IOException {
            return nc.jetStream(JetStreamOptions.builder().requestTimeout(publishTimeout).build());
        }

        @Override
        public String connectionId() {
            return connId;
        }

        @Override
        public StationInfo station(String station) throws IOException {
            return JetStreamStations.lookup(jsm, station);
        }

        @Override
        public boolean partitionExists(String station, int partition) throws IOException {
            try {
                return JetStreamStations.streamInfo(jsm, StationNames.streamName(station, partition)) != null;
            } catch (JetStreamApiException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public void ensureStation(String station) {}

        @Override
        public void close() {
            try {
                nc.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Station look-up from JetStream stream names and configs. */
    public static final class JetStreamStations {
        private JetStreamStations() {}

        public static StationInfo lookup(JetStreamManagement jsm, String station) throws IOException {
            String internal = StationNames.internalName(station);
            try {
                List<Integer> partitions = new ArrayList<>();
                Duration window = null;
                String prefix = internal + "$";
                for (String name : jsm.getStreamNames()) {
                    if (name.startsWith(prefix) && StationNames.partitionOf(name) > 0
                            && name.lastIndexOf('$') == internal.length()) {
                        partitions.add(StationNames.partitionOf(name));
                    }
                }
                Collections.sort(partitions);
                if (partitions.isEmpty()) {
                    StreamInfo legacy = streamInfo(jsm, internal);
                    if (legacy == null) {
                        throw new StationNotFoundException(station);
                    }
                    return new StationInfo(station, List.of(), legacy.getConfiguration().getDuplicateWindow());
                }
                for (int p : partitions) {
                    StreamInfo info = streamInfo(jsm, StationNames.streamName(station, p));
                    if (info != null) {
                        Duration w = info.getConfiguration().getDuplicateWindow();
                        window = window == null || w.compareTo(window) < 0 ? w : window;
                    }
                }
                return new StationInfo(station, partitions, window == null ? Duration.ZERO : window);
            } catch (JetStreamApiException e) {
                throw new IOException("cannot look up station '" + station + "': " + e.getMessage(), e);
            }
        }

        static StreamInfo streamInfo(JetStreamManagement jsm, String stream)
                throws IOException, JetStreamApiException {
            try {
                return jsm.getStreamInfo(stream);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == 10059) { // stream not found
                    return null;
                }
                throw e;
            }
        }
    }
}
