package dev.lakestation.connector.source.reader;

import dev.lakestation.connector.source.MemphisRecord;
import dev.lakestation.connector.source.internal.MemphisSourceSettings;
import dev.lakestation.memphis.DeadLetterHeaders;
import dev.lakestation.memphis.MemphisException;
import dev.lakestation.memphis.internal.DeadLetterWriter;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.annotation.Internal;

/**
 * Dead-letters an undeserializable record through memphis-client's {@link DeadLetterWriter}, exactly as the
 * client does on the JetStream control plane (same headers, message id from stream, sequence and group so a
 * replay writes it once, same target: the configured dead-letter station, else the station's own
 * {@code <internal>$dls} stream, created when missing). The publish is confirmed (PubAck) before the record
 * counts as handled, so nothing is lost between dead letter and source ack.
 */
@Internal
final class DeadLetterPublisher {
    private final MemphisSourceSettings settings;
    private final SharedConnection connection;
    private final Map<String, DeadLetterWriter.Target> targets = new HashMap<>();
    private Connection writerConnection;
    private DeadLetterWriter writer;

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
            DeadLetterWriter w = writer();
            DeadLetterWriter.Target target = targets.get(record.station());
            if (target == null) {
                target = w.resolve(record.station(), record.partition(), settings.deadLetterStation);
                targets.put(record.station(), target);
            }
            w.write(record.station(), target, DeadLetterHeaders.TYPE_NACKED, record.partition(),
                    settings.durableName(), record.sequence(), oneLine(reason), record.natsHeaders(), record.data());
        } catch (JetStreamApiException | MemphisException e) {
            throw new IOException("could not dead-letter " + record.coordinates() + ": " + e.getMessage(), e);
        }
    }

    /** The writer of the current connection (a new one after the shared connection was replaced). */
    private DeadLetterWriter writer() throws IOException {
        Connection c = connection.get();
        if (writer == null || writerConnection != c) {
            writer = new DeadLetterWriter(c, settings.connection.jetStreamOptions());
            writerConnection = c;
        }
        return writer;
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
