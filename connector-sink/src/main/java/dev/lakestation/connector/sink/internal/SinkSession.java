package dev.lakestation.connector.sink.internal;

import org.apache.flink.annotation.Internal;
import dev.lakestation.memphis.schemaverse.SchemaValidator;
import io.nats.client.JetStream;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;
import javax.annotation.Nullable;

/** One connection to the broker as the sink uses it: the JetStream data plane plus station look-ups. */
@Internal
public interface SinkSession extends AutoCloseable {

    /** JetStream context for publishing (the hot path goes straight to jnats); PubAcks time out after {@code publishTimeout}. */
    JetStream jetStream(Duration publishTimeout) throws IOException;

    /** Connection UUID sent in {@code $memphis_connectionId}. */
    String connectionId();

    /**
     * Fresh look-up of a station.
     *
     * @throws IOException naming the station when it does not exist or cannot be read
     */
    SinkStation station(String station) throws IOException;

    /** Whether the stream of one partition (0 = legacy stream) exists; used to explain publish failures. */
    boolean partitionExists(String station, int partition) throws IOException;

    /** Creates the station when it is missing and auto-create is configured; no-op otherwise. */
    void ensureStation(String station) throws IOException;

    /**
     * The station's schema validator as it is now, kept current while the job runs (a schema attached,
     * detached or given a new version later is followed, as Memphis producers do); the supplier
     * returns {@code null} while the station has no schema. Registers the sink as a producer of the
     * station with the broker, which is what subscribes it to schema updates.
     */
    Supplier<SchemaValidator> liveSchemaValidator(SinkStation station, String producerName) throws IOException;

    /**
     * Sends a message that failed validation straight to the station's schema dead-letter path
     * (Memphis schemaverse DLS) with the validation error; it is never produced to the station, even
     * if the station's schema has changed since the message was refused.
     *
     * @param violation the validation error; {@code null} when it was not kept (write-ahead batches):
     *     the dead letter then says the record was refused when the sink wrote it
     * @throws IOException when the station no longer sends schema failures to its dead-letter
     *     station or the dead letter cannot be written
     */
    void deadLetter(OutgoingMessage message, String producerName, @Nullable String violation) throws IOException;

    @Override
    void close();
}
