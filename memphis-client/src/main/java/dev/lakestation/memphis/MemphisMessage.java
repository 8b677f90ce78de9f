package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.PublicEvolving;
import dev.lakestation.memphis.schemaverse.Schema;
import dev.lakestation.memphis.schemaverse.SchemaValidator;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A consumed message: payload, headers (Memphis-internal {@code $memphis*} keys hidden), stream
 * sequence, time sent, delivery count and partition, and the acknowledgements.
 *
 * <pre>{@code
 * for (MemphisMessage m : consumer.fetch()) {
 *     try { process(m.dataAs(Order.class)); m.ack(); }
 *     catch (TransientException e) { m.delay(Duration.ofSeconds(5)); }
 *     catch (Exception e) { m.deadLetter("cannot process: " + e.getMessage()); }
 * }
 * }</pre>
 */
@PublicEvolving
public final class MemphisMessage {
    private final Message msg;
    private final Consumer consumer;
    private final int partition;
    private NatsJetStreamMetaData meta;
    private final Instant received;

    MemphisMessage(Message msg, Consumer consumer, int partition) {
        this.received = msg.isJetStream() ? null : Instant.now();
        this.msg = msg;
        this.consumer = consumer;
        this.partition = partition;
    }

    public byte[] data() {
        return msg.getData();
    }

    public String dataAsString() {
        return new String(msg.getData(), StandardCharsets.UTF_8);
    }

    /** The JSON payload bound to a type (Jackson). */
    public <T> T dataAs(Class<T> type) {
        try {
            return WireJson.MAPPER.readValue(msg.getData(), type);
        } catch (IOException e) {
            throw new MemphisException("message " + where() + " is not JSON of " + type.getName() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The payload decoded per the station's schema: JSON and Avro (JSON on the wire) are validated
     * again and parsed into Maps/Lists/values; GraphQL becomes a String; without a schema the raw
     * bytes are returned.
     */
    public Object dataDeserialized() {
        StationState st = consumer.state();
        Schema schema = st.schema();
        if (schema == null) {
            return msg.getData();
        }
        SchemaValidator v = st.validator();
        if (v != null) {
            try {
                v.validate(msg.getData());
            } catch (SchemaValidationException e) {
                throw new SchemaValidationException("Deserialization has been failed since the message format does"
                        + " not align with the currently attached schema: " + where() + ": " + e.getMessage(), e);
            }
        }
        switch (schema.type()) {
            case Schema.JSON, Schema.AVRO:
                return dataAs(Object.class);
            case Schema.GRAPHQL:
                return dataAsString();
            default:
                return msg.getData();
        }
    }

    /** User headers (keys starting with {@code $memphis} hidden). */
    public Map<String, String> headers() {
        Headers h = msg.getHeaders();
        if (h == null || h.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : h.keySet()) {
            if (!k.startsWith(MemphisHeaders.RESERVED_PREFIX)) {
                out.put(k, h.getFirst(k));
            }
        }
        return out;
    }

    /** One header value, internal ones included; null when absent. */
    public String header(String key) {
        Headers h = msg.getHeaders();
        return h == null ? null : h.getFirst(key);
    }

    /** Stream sequence; -1 for a poison message the broker resent (it carries no JetStream metadata). */
    public long sequence() {
        return isResent() ? -1 : meta().streamSequence();
    }

    /** Time the message was stored (for a resent poison message: time received). */
    public Instant timeSent() {
        return isResent() ? received : meta().timestamp().toInstant();
    }

    /** How many times this message was delivered to the group, this delivery included. */
    public long deliveryCount() {
        return isResent() ? 1 : meta().deliveredCount();
    }

    /** A poison message resent by a Memphis broker (from its UI) rather than fetched from the stream. */
    public boolean isResent() {
        return !msg.isJetStream() && header(MemphisHeaders.PM_ID) != null;
    }

    /** Partition number (0 for a legacy station). */
    public int partition() {
        return partition;
    }

    public String station() {
        return consumer.station();
    }

    public String consumerGroup() {
        return consumer.group();
    }

    /** The jnats message, for fast paths. */
    public Message natsMessage() {
        return msg;
    }

    public void ack() {
        if (isResent()) {
            consumer.plane().ackResent(header(MemphisHeaders.PM_ID), consumer.group());
            return;
        }
        msg.ack();
    }

    /** Acknowledges and waits for the server's confirmation. */
    public void ackSync(Duration timeout) {
        try {
            msg.ackSync(timeout);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new MemphisException("ack of " + where() + " not confirmed: " + e.getMessage(), e);
        }
    }

    /** Redeliver now (JetStream Nak). */
    public void nack() {
        if (!isResent()) {
            msg.nak();
        }
    }

    /** Redeliver after {@code delay} (JetStream Nak with delay). */
    public void delay(Duration delay) {
        if (isResent()) {
            throw new MemphisException("cannot delay a dead-letter message resent by the broker (" + where() + ")");
        }
        msg.nakWithDelay(delay);
    }

    /**
     * Sends the message to the station's dead-letter place with the reason, then stops its
     * redelivery. If it cannot be dead-lettered this throws and the message stays pending (it is
     * redelivered), so nothing is lost.
     */
    public void deadLetter(String reason) {
        if (isResent()) {
            return; // already in the dead-letter station
        }
        // dead letter first: terminating first would lose the message if the dead letter failed (and
        // on an ack-based station the broker could no longer fetch it by sequence)
        consumer.plane().deadLetter(consumer.station(), partition, consumer.group(), sequence(), reason,
                msg.getHeaders(), msg.getData());
        msg.term();
    }

    /** Extends the ack deadline (JetStream in-progress). */
    public void inProgress() {
        msg.inProgress();
    }

    private NatsJetStreamMetaData meta() {
        if (meta == null) {
            meta = msg.metaData();
        }
        return meta;
    }

    private String where() {
        return "station '" + consumer.station() + "' partition " + partition + " sequence " + sequence();
    }

    @Override
    public String toString() {
        return "MemphisMessage{" + where() + ", " + msg.getData().length + " bytes}";
    }
}
