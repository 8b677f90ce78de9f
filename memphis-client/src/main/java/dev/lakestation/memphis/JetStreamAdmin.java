package dev.lakestation.memphis;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.ReplayPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the JetStream objects of stations and consumer groups with the broker's mapping
 * (memphis-protocol §4, §6). Used by the JetStream control plane, and by tests standing in for a broker.
 */
final class JetStreamAdmin {
    static final int JS_STREAM_NOT_FOUND = 10059;
    static final int JS_CONSUMER_NOT_FOUND = 10014;

    private final JetStreamManagement jsm;
    private final Connection nc;

    JetStreamAdmin(Connection nc, io.nats.client.JetStreamOptions options) throws IOException {
        this.nc = nc;
        this.jsm = nc.jetStreamManagement(options);
    }

    JetStreamManagement jsm() {
        return jsm;
    }

    /** StreamConfig of partition {@code p} (or the legacy stream for p = 0). */
    static StreamConfiguration streamConfig(StationOptions o, int partition) {
        String stream = StationNames.streamName(o.name(), partition);
        StreamConfiguration.Builder b = StreamConfiguration.builder()
                .name(stream)
                .subjects(stream + ".>")
                .maxConsumers(-1)
                .maxMessagesPerSubject(-1)
                .discardPolicy(DiscardPolicy.Old)
                .noAck(false)
                .storageType(o.storageType() == StorageType.MEMORY
                        ? io.nats.client.api.StorageType.Memory : io.nats.client.api.StorageType.File)
                .replicas(o.replicas())
                .duplicateWindow(Duration.ofMillis(o.idempotencyWindowMs()))
                .maxMessages(-1)
                .maxBytes(-1)
                .maxAge(Duration.ZERO)
                .retentionPolicy(RetentionPolicy.Limits);
        switch (o.retentionType()) {
            case MAX_MESSAGE_AGE_SECONDS -> b.maxAge(Duration.ofSeconds(o.retentionValue()));
            case MESSAGES -> b.maxMessages(o.retentionValue());
            case BYTES -> b.maxBytes(o.retentionValue());
            case ACK_BASED -> b.retentionPolicy(RetentionPolicy.Interest);
            default -> throw new IllegalStateException();
        }
        return b.build();
    }

    /** Creates every partition stream; existing streams are left as they are. */
    void createStreams(StationOptions o) throws IOException, JetStreamApiException {
        for (int p = 1; p <= o.partitions(); p++) {
            addStreamIfMissing(streamConfig(o, p));
        }
    }

    void addStreamIfMissing(StreamConfiguration sc) throws IOException, JetStreamApiException {
        if (streamInfo(sc.getName()) == null) {
            try {
                jsm.addStream(sc);
            } catch (JetStreamApiException e) {
                // another client created it meanwhile
                if (streamInfo(sc.getName()) == null) {
                    throw e;
                }
            }
        }
    }

    StreamInfo streamInfo(String stream) throws IOException, JetStreamApiException {
        try {
            return jsm.getStreamInfo(stream);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == JS_STREAM_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    void deleteStreamIfPresent(String stream) throws IOException, JetStreamApiException {
        try {
            jsm.deleteStream(stream);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != JS_STREAM_NOT_FOUND) {
                throw e;
            }
        }
    }

    /** Partition numbers of a station found in JetStream: {@code <internal>$<p>} streams, sorted. */
    List<Integer> partitionStreams(String station) throws IOException, JetStreamApiException {
        String prefix = StationNames.internalName(station) + "$";
        List<Integer> out = new ArrayList<>();
        for (String s : jsm.getStreamNames()) {
            if (s.startsWith(prefix) && s.length() > prefix.length()) {
                String rest = s.substring(prefix.length());
                if (rest.chars().allMatch(Character::isDigit)) {
                    out.add(Integer.parseInt(rest));
                }
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Ensures the group's durable on one stream: created per §6, or, when it exists, updated in ack
     * wait and max deliveries only (deliver policy cannot change).
     */
    void ensureDurable(String stream, String group, ConsumerGroupOptions o) throws IOException, JetStreamApiException {
        String durable = StationNames.internalName(group);
        long ackWaitMs = o.maxAckTime().toMillis() <= 0 ? 30_000 : o.maxAckTime().toMillis();
        int maxDeliver = o.maxMsgDeliveries() <= 0 || o.maxMsgDeliveries() > 10 ? 10 : o.maxMsgDeliveries();
        ConsumerInfo existing = consumerInfo(stream, durable);
        if (existing != null) {
            ConsumerConfiguration cc = existing.getConsumerConfiguration();
            if (cc.getAckWait().toMillis() != ackWaitMs || cc.getMaxDeliver() != maxDeliver) {
                putConsumer(stream, ConsumerConfiguration.builder(cc)
                        .ackWait(Duration.ofMillis(ackWaitMs)).maxDeliver(maxDeliver).build());
            }
            return;
        }
        ConsumerConfiguration.Builder b = ConsumerConfiguration.builder()
                .durable(durable)
                .filterSubject(stream + ".final")
                .ackPolicy(AckPolicy.Explicit)
                .replayPolicy(ReplayPolicy.Instant)
                .maxAckPending(-1)
                .ackWait(Duration.ofMillis(ackWaitMs))
                .maxDeliver(maxDeliver);
        if (o.lastMessages() == 0 && o.startConsumeFromSequence() == 1) {
            b.deliverPolicy(DeliverPolicy.New);
        } else if (o.lastMessages() > 0) {
            StreamInfo si = jsm.getStreamInfo(stream);
            long start = Math.max(1, si.getStreamState().getLastSequence() - o.lastMessages() + 1);
            b.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(start);
        } else if (o.startConsumeFromSequence() > 1) {
            b.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(o.startConsumeFromSequence());
        } else {
            b.deliverPolicy(DeliverPolicy.All);
        }
        try {
            putConsumer(stream, b.build());
        } catch (IOException | JetStreamApiException e) {
            if (consumerInfo(stream, durable) == null) {
                throw e;
            }
        }
    }

    /**
     * Creates or updates a durable with {@code max_ack_pending: -1} (unlimited, as the broker sets it):
     * jnats drops negative values, which would leave the server's default of 1000 and stall consumers
     * that hold acknowledgements (checkpointing sources).
     */
    void putConsumer(String stream, ConsumerConfiguration cc) throws IOException, JetStreamApiException {
        com.fasterxml.jackson.databind.node.ObjectNode config =
                (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(
                        cc.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8), "consumer config");
        config.put("max_ack_pending", -1);
        com.fasterxml.jackson.databind.node.ObjectNode req = Json.object();
        req.put("stream_name", stream);
        req.set("config", config);
        io.nats.client.Message reply;
        try {
            reply = nc.request("$JS.API.CONSUMER.DURABLE.CREATE." + stream + "." + cc.getDurable(), Json.bytes(req),
                    Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating consumer " + cc.getDurable(), e);
        }
        if (reply == null) {
            throw new IOException("no reply from JetStream creating consumer '" + cc.getDurable() + "' on " + stream);
        }
        com.fasterxml.jackson.databind.JsonNode r = Json.parse(reply.getData(), "consumer create reply");
        if (r.has("error")) {
            throw new IOException("JetStream refused consumer '" + cc.getDurable() + "' on stream " + stream + ": "
                    + r.get("error").path("description").asText() + " [" + r.get("error").path("err_code").asText() + "]");
        }
    }

    ConsumerInfo consumerInfo(String stream, String durable) throws IOException, JetStreamApiException {
        try {
            return jsm.getConsumerInfo(stream, durable);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == JS_CONSUMER_NOT_FOUND || e.getApiErrorCode() == JS_STREAM_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    void deleteDurable(String stream, String group) throws IOException, JetStreamApiException {
        try {
            jsm.deleteConsumer(stream, StationNames.internalName(group));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != JS_CONSUMER_NOT_FOUND && e.getApiErrorCode() != JS_STREAM_NOT_FOUND) {
                throw e;
            }
        }
    }

    /** StationOptions recovered from a partition stream's config (for stations without metadata). */
    static StationOptions optionsFromStream(String station, StreamConfiguration sc, int partitions) {
        StationOptions.Builder b = StationOptions.builder(station).partitions(Math.max(1, partitions))
                .replicas(sc.getReplicas())
                .storageType(sc.getStorageType() == io.nats.client.api.StorageType.Memory ? StorageType.MEMORY : StorageType.DISK)
                .idempotencyWindowMs(sc.getDuplicateWindow() == null ? 120_000 : sc.getDuplicateWindow().toMillis());
        if (sc.getRetentionPolicy() == RetentionPolicy.Interest) {
            b.retention(RetentionType.ACK_BASED, 0);
        } else if (sc.getMaxMsgs() > 0) {
            b.retention(RetentionType.MESSAGES, sc.getMaxMsgs());
        } else if (sc.getMaxBytes() > 0) {
            b.retention(RetentionType.BYTES, sc.getMaxBytes());
        } else if (sc.getMaxAge() != null && sc.getMaxAge().toSeconds() > 0) {
            b.retention(RetentionType.MAX_MESSAGE_AGE_SECONDS, sc.getMaxAge().toSeconds());
            if (sc.getDuplicateWindow() != null && sc.getDuplicateWindow().toSeconds() > sc.getMaxAge().toSeconds()) {
                b.idempotencyWindowMs(sc.getMaxAge().toMillis());
            }
        }
        return b.build();
    }
}
