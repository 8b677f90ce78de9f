package dev.lakestation.connector.source.reader;

import dev.lakestation.connector.source.MemphisRecord;
import dev.lakestation.connector.source.internal.MemphisSourceSettings;
import dev.lakestation.memphis.DeadLetterHeaders;
import dev.lakestation.memphis.StationNames;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.Internal;

/**
 * Dead-letters an undeserializable record the way memphis-client does on the JetStream control
 * plane: original payload and headers plus {@code station}, {@code type=nacked}, {@code reason},
 * {@code partition}, {@code seq}, {@code cg_name} and {@code $memphis_producedBy=$memphis_dls},
 * with a message id derived from stream, sequence and group (a replay writes it once). Target: the
 * configured dead-letter station, else the station's dead-letter stream {@code <internal>$dls}
 * (subject {@code <internal>$dls.nacked}), created when missing. The publish is confirmed (PubAck)
 * before the record counts as handled, so nothing is lost between dead letter and source ack.
 */
@Internal
final class DeadLetterPublisher {
    private final MemphisSourceSettings settings;
    private final SharedConnection connection;
    private final Map<String, String> subjects = new HashMap<>();

    DeadLetterPublisher(MemphisSourceSettings settings, SharedConnection connection) {
        this.settings = settings;
        this.connection = connection;
    }

    void publish(MemphisRecord record, Throwable reason) throws IOException {
        publish(record, "deserialization failed: " + oneLine(reason));
    }

    /** Dead-letters {@code record} with {@code reason} (one line, at most 1024 characters are kept). */
    void publish(MemphisRecord record, String reason) throws IOException {
        try {
            Connection c = connection.get();
            String subject = subjectFor(c, record.station());
            Headers h = new Headers();
            if (record.natsHeaders() != null) {
                for (String key : record.natsHeaders().keySet()) {
                    if (!key.equals("Nats-Msg-Id") && !key.equals("msg-id")) {
                        h.put(key, record.natsHeaders().get(key));
                    }
                }
            }
            String id = StationNames.streamName(record.station(), record.partition()) + ":" + record.sequence()
                    + ":" + settings.durableName() + ":" + DeadLetterHeaders.TYPE_NACKED;
            h.put("$memphis_producedBy", DeadLetterHeaders.PRODUCER);
            h.put(DeadLetterHeaders.STATION, record.station());
            h.put(DeadLetterHeaders.TYPE, DeadLetterHeaders.TYPE_NACKED);
            h.put(DeadLetterHeaders.REASON, oneLine(reason));
            h.put(DeadLetterHeaders.PARTITION, String.valueOf(record.partition()));
            h.put(DeadLetterHeaders.SEQUENCE, String.valueOf(record.sequence()));
            h.put(DeadLetterHeaders.CONSUMER_GROUP, settings.durableName());
            h.put("Nats-Msg-Id", id);
            h.put("msg-id", id);
            c.jetStream(settings.connection.jetStreamOptions()).publish(subject, h, record.data());
        } catch (JetStreamApiException e) {
            throw new IOException("could not dead-letter " + record.coordinates() + ": " + e.getMessage(), e);
        }
    }

    private String subjectFor(Connection c, String station) throws IOException, JetStreamApiException {
        String cached = subjects.get(station);
        if (cached != null) {
            return cached;
        }
        JetStreamManagement jsm = c.jetStreamManagement(settings.connection.jetStreamOptions());
        List<String> streams = jsm.getStreamNames();
        String subject;
        if (settings.deadLetterStation != null) {
            String dls = settings.deadLetterStation;
            if (streams.contains(StationNames.streamName(dls, 1))) {
                subject = StationNames.dataSubject(dls, 1);
            } else if (streams.contains(StationNames.internalName(dls))) {
                subject = StationNames.dataSubject(dls, StationNames.LEGACY);
            } else {
                throw new IOException("dead-letter station '" + dls + "' does not exist");
            }
        } else {
            String stream = StationNames.dlsStreamName(station);
            if (!streams.contains(stream)) {
                try {
                    jsm.addStream(StreamConfiguration.builder().name(stream).subjects(stream + ".>")
                            .retentionPolicy(RetentionPolicy.Limits).discardPolicy(DiscardPolicy.Old)
                            .maxAge(Duration.ofDays(7)).duplicateWindow(Duration.ofMinutes(2))
                            .storageType(StorageType.File).build());
                } catch (JetStreamApiException e) {
                    if (!jsm.getStreamNames().contains(stream)) {
                        throw e;
                    }
                }
            }
            subject = StationNames.dlsSubject(station, DeadLetterHeaders.TYPE_NACKED);
        }
        subjects.put(station, subject);
        return subject;
    }

    private static String oneLine(Throwable t) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** Header values cannot hold line ends. */
    private static String oneLine(String reason) {
        String msg = reason.replaceAll("[\r\n]+", " ").trim();
        return msg.length() > 1024 ? msg.substring(0, 1024) : msg;
    }
}
