package dev.lakestation.connector.source.reader;

import dev.lakestation.connector.source.MemphisRecord;
import dev.lakestation.connector.source.internal.MemphisSourceSettings;
import dev.lakestation.memphis.DeadLetterHeaders;
import dev.lakestation.memphis.StationNames;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.annotation.Internal;

/**
 * Publishes an undeserializable record to its dead-letter station (default {@code <station>.dls},
 * partition 1) with the original payload and headers plus the client's dead-letter headers: {@code
 * station}, {@code type=failed_deserialization}, {@code reason}, {@code partition}, {@code seq},
 * {@code cg_name}. The publish is confirmed (PubAck) before the source moves on, so the record is
 * never lost between the source ack and the dead letter.
 */
@Internal
final class DeadLetterPublisher {
    static final String TYPE_DESERIALIZATION = "failed_deserialization";

    private final MemphisSourceSettings settings;
    private final SharedConnection connection;
    private final Set<String> ensured = new HashSet<>();

    DeadLetterPublisher(MemphisSourceSettings settings, SharedConnection connection) {
        this.settings = settings;
        this.connection = connection;
    }

    void publish(MemphisRecord record, Throwable reason) throws IOException {
        String dls = settings.deadLetterStationFor(record.station());
        try {
            Connection c = connection.get();
            String subject = ensureStation(c, dls);
            Headers h = new Headers();
            if (record.natsHeaders() != null) {
                for (String key : record.natsHeaders().keySet()) {
                    if (!key.startsWith("Nats-") && !key.equals("msg-id")) {
                        h.put(key, record.natsHeaders().get(key));
                    }
                }
            }
            h.put(DeadLetterHeaders.STATION, record.station());
            h.put(DeadLetterHeaders.TYPE, TYPE_DESERIALIZATION);
            h.put(DeadLetterHeaders.REASON, oneLine(reason));
            h.put(DeadLetterHeaders.PARTITION, String.valueOf(record.partition()));
            h.put(DeadLetterHeaders.SEQUENCE, String.valueOf(record.sequence()));
            h.put(DeadLetterHeaders.CONSUMER_GROUP, settings.consumerGroup);
            h.put("$memphis_producedBy", DeadLetterHeaders.PRODUCER);
            c.jetStream().publish(subject, h, record.data());
        } catch (JetStreamApiException e) {
            throw new IOException("could not dead-letter " + record.coordinates() + " to station '" + dls + "': "
                    + e.getMessage(), e);
        }
    }

    private String ensureStation(Connection c, String station) throws IOException, JetStreamApiException {
        JetStreamManagement jsm = c.jetStreamManagement();
        String internal = StationNames.internalName(station);
        if (!ensured.contains(station)) {
            List<String> names = jsm.getStreamNames();
            if (!names.contains(StationNames.streamName(station, 1)) && !names.contains(internal)) {
                jsm.addStream(StreamConfiguration.builder()
                        .name(StationNames.streamName(station, 1))
                        .subjects(StationNames.streamSubjects(station, 1))
                        .storageType(StorageType.File)
                        .duplicateWindow(Duration.ofMinutes(2))
                        .build());
            }
            ensured.add(station);
        }
        return jsm.getStreamNames().contains(internal) ? StationNames.dataSubject(station, StationNames.LEGACY)
                : StationNames.dataSubject(station, 1);
    }

    private static String oneLine(Throwable t) {
        String msg = t.getClass().getSimpleName() + ": " + t.getMessage();
        msg = msg.replace('\r', ' ').replace('\n', ' ');
        return msg.length() > 1024 ? msg.substring(0, 1024) : msg;
    }
}
