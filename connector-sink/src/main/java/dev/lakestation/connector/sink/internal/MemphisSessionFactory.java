package dev.lakestation.connector.sink.internal;

import org.apache.flink.annotation.Internal;
import dev.lakestation.memphis.Memphis;
import dev.lakestation.memphis.MemphisException;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.memphis.ProduceOptions;
import dev.lakestation.memphis.Producer;
import dev.lakestation.memphis.internal.JetStreamAdmin;
import dev.lakestation.memphis.internal.StationNames;
import dev.lakestation.memphis.StationNotFoundException;
import dev.lakestation.memphis.StationOptions;
import dev.lakestation.memphis.schemaverse.SchemaValidator;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.annotation.Nullable;

/**
 * Sessions through memphis-client: connection, authentication and TLS from {@link MemphisOptions};
 * station look-up, creation, schemas and dead-lettering through the client's control plane (broker
 * or plain JetStream); the idempotency window read from the streams' {@code duplicate_window}.
 */
@Internal
public final class MemphisSessionFactory implements SessionFactory {
    private static final long serialVersionUID = 1L;
    /** The reason of a write-ahead dead letter: the checkpointed batch keeps the refusal, not its text. */
    static final String REFUSED_AT_WRITE = "refused by the station's schema when the sink wrote the record";

    private final MemphisOptions options;
    @Nullable private final StationOptions autoCreate;

    public MemphisSessionFactory(MemphisOptions options, @Nullable StationOptions autoCreate) {
        this.options = options;
        this.autoCreate = autoCreate;
    }

    @Override
    public SinkSession open() throws IOException {
        try {
            return new Session(Memphis.connect(options), autoCreate);
        } catch (MemphisException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    static final class Session implements SinkSession {
        private final Memphis memphis;
        private final JetStreamManagement jsm;
        @Nullable private final StationOptions autoCreate;
        private final Map<String, Producer> producers = new HashMap<>();

        Session(Memphis memphis, @Nullable StationOptions autoCreate) throws IOException {
            this.memphis = memphis;
            this.jsm = memphis.connection().jetStreamManagement(memphis.options().jetStreamOptions());
            this.autoCreate = autoCreate;
        }

        @Override
        public JetStream jetStream(Duration publishTimeout) throws IOException {
            return memphis.connection().jetStream(JetStreamOptions.builder().requestTimeout(publishTimeout).build());
        }

        @Override
        public String connectionId() {
            return memphis.connectionId();
        }

        @Override
        public SinkStation station(String station) throws IOException {
            dev.lakestation.memphis.StationInfo info;
            try {
                info = memphis.station(station);
            } catch (StationNotFoundException e) {
                throw new IOException("station '" + station + "' does not exist"
                        + (autoCreate == null ? " (create it, or enable setStationAutoCreate)" : ""), e);
            } catch (MemphisException e) {
                throw new IOException(e.getMessage(), e);
            }
            Duration window = null;
            List<Integer> partitions = info.partitions();
            for (int p : partitions.isEmpty() ? List.of(StationNames.LEGACY) : partitions) {
                StreamInfo si = streamInfo(station, p);
                if (si != null) {
                    Duration w = si.getConfiguration().getDuplicateWindow();
                    window = window == null || w.compareTo(window) < 0 ? w : window;
                }
            }
            String schema = info.schemaName();
            return new SinkStation(info.name(), partitions, window == null ? info.idempotencyWindow() : window,
                    schema == null || schema.isEmpty() ? null : schema, info.dlsSchemaverse());
        }

        @Nullable
        private StreamInfo streamInfo(String station, int partition) throws IOException {
            try {
                return jsm.getStreamInfo(StationNames.streamName(station, partition));
            } catch (JetStreamApiException e) {
                if (JetStreamAdmin.isStreamNotFound(e)) {
                    return null;
                }
                throw new IOException("cannot read stream of station '" + station + "' partition " + partition
                        + ": " + e.getMessage(), e);
            }
        }

        @Override
        public boolean partitionExists(String station, int partition) throws IOException {
            return streamInfo(station, partition) != null;
        }

        @Override
        public void ensureStation(String station) throws IOException {
            if (autoCreate == null) {
                return;
            }
            try {
                memphis.createStation(StationTemplates.forStation(autoCreate, station));
            } catch (MemphisException e) {
                throw new IOException("cannot create station '" + station + "': " + e.getMessage(), e);
            }
        }

        @Override
        public Supplier<SchemaValidator> liveSchemaValidator(SinkStation station, String producerName)
                throws IOException {
            String name = station.name();
            try {
                producer(name, producerName); // the registration subscribes this client to the station's schema updates
                Supplier<SchemaValidator> live = memphis.liveSchemaValidator(name);
                live.get(); // loads the current schema now, so a broken one fails here, at start
                return live;
            } catch (MemphisException e) {
                throw new IOException("cannot load the schema of station '" + name + "': " + e.getMessage(), e);
            }
        }

        private Producer producer(String station, String producerName) {
            return producers.computeIfAbsent(station, s -> memphis.producer(s, producerName));
        }

        @Override
        public void deadLetter(OutgoingMessage m, String producerName, @Nullable String violation)
                throws IOException {
            Producer producer = producer(m.station(), producerName);
            ProduceOptions.Builder o = ProduceOptions.builder().headers(m.headers());
            if (m.messageId() != null) {
                o.msgId(m.messageId()); // the dead letter gets an id from it: written again on a replay, stored once
            }
            if (m.partition() > 0) {
                o.partitionNumber(m.partition());
            }
            try {
                // straight to the dead-letter path: producing it and expecting a refusal would store it in the
                // station if its schema changed since the record was refused
                producer.deadLetterSchemaFailure(m.payload(), o.build(),
                        violation != null ? violation : REFUSED_AT_WRITE);
            } catch (MemphisException e) {
                throw new IOException("cannot dead-letter a message of station '" + m.station() + "': "
                        + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            memphis.close();
        }
    }
}
