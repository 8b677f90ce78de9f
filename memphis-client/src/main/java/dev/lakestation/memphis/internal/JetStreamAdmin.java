package dev.lakestation.memphis.internal;

import dev.lakestation.memphis.ConsumerGroupOptions;
import dev.lakestation.memphis.RetentionType;
import dev.lakestation.memphis.StationOptions;
import dev.lakestation.memphis.StorageType;
import dev.lakestation.memphis.annotation.Internal;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.ReplayPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import io.nats.client.support.NatsJetStreamConstants;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JetStream objects of stations and consumer groups, created with the broker's mapping
 * (memphis-protocol §4, §6) — the one home of stream configs, durable creation (with the
 * max-ack-pending workaround), dead-letter streams and "not found" handling for the client's JetStream
 * control plane, the Flink source, the benchmarks and the test helpers. Every call uses the
 * {@link JetStreamOptions} it was built with: their request timeout (the client's {@code requestTimeout})
 * and API prefix.
 *
 * <pre>{@code
 * JetStreamAdmin admin = new JetStreamAdmin(nc, memphisOptions.jetStreamOptions());
 * admin.createStreams(StationOptions.builder("orders").partitions(3).build());
 * admin.ensureDurable(StationNames.streamName("orders", 1), "billing", DurableStart.sequence(1201),
 *         Duration.ofSeconds(60), 10);
 * }</pre>
 */
@Internal
public final class JetStreamAdmin {
    /** JetStream "stream not found" (jnats 2.26 names no constant for it; the HTTP-like code is 404). */
    public static final int JS_STREAM_NOT_FOUND_ERR = 10059;
    /** Largest max-ack-pending jnats sends; a durable capped below it is lifted to unlimited. */
    private static final long JNATS_MAX_ACK_PENDING = Integer.MAX_VALUE;
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamAdmin.class);

    private final Connection nc;
    private final JetStreamManagement jsm;
    private final JetStreamOptions options;

    public JetStreamAdmin(Connection nc, JetStreamOptions options) throws IOException {
        this.nc = nc;
        this.options = options;
        this.jsm = nc.jetStreamManagement(options);
    }

    public JetStreamManagement jsm() {
        return jsm;
    }

    /** Whether a JetStream error says the stream does not exist. */
    public static boolean isStreamNotFound(JetStreamApiException e) {
        return e.getApiErrorCode() == JS_STREAM_NOT_FOUND_ERR;
    }

    /** Whether a JetStream error says the stream or the consumer does not exist. */
    public static boolean isNotFound(JetStreamApiException e) {
        return isStreamNotFound(e) || e.getApiErrorCode() == NatsJetStreamConstants.JS_CONSUMER_NOT_FOUND_ERR;
    }

    // ---- streams --------------------------------------------------------------------------------

    /** StreamConfig of partition {@code p} (or the legacy stream for p = 0). */
    public static StreamConfiguration streamConfig(StationOptions o, int partition) {
        String stream = StationNames.streamName(o.name(), partition);
        StreamConfiguration.Builder b = StreamConfiguration.builder()
                .name(stream)
                .subjects(StationNames.streamSubjects(o.name(), partition))
                .maxConsumers(-1)
                .maxMessagesPerSubject(-1)
                .discardPolicy(DiscardPolicy.Old)
                .noAck(false)
                .storageType(natsStorage(o.storageType()))
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

    /** Age of the dead letters the client writes to a station's own {@code <internal>$dls} stream. */
    public static final Duration DLS_MAX_AGE = Duration.ofDays(7);

    /**
     * The dead-letter stream of a station without {@code dls_station}: {@code <internal>$dls}, subjects
     * {@code <internal>$dls.>}, 7 days, the station's storage type.
     */
    public static StreamConfiguration dlsStreamConfig(String station, StorageType storage) {
        String stream = StationNames.dlsStreamName(station);
        return StreamConfiguration.builder().name(stream).subjects(stream + ".>")
                .retentionPolicy(RetentionPolicy.Limits).discardPolicy(DiscardPolicy.Old)
                .maxAge(DLS_MAX_AGE).duplicateWindow(Duration.ofMinutes(2))
                .storageType(natsStorage(storage))
                .build();
    }

    private static io.nats.client.api.StorageType natsStorage(StorageType storage) {
        return storage == StorageType.MEMORY ? io.nats.client.api.StorageType.Memory : io.nats.client.api.StorageType.File;
    }

    /** Creates every partition stream; existing streams are left as they are. */
    public void createStreams(StationOptions o) throws IOException, JetStreamApiException {
        for (int p = 1; p <= o.partitions(); p++) {
            addStreamIfMissing(streamConfig(o, p));
        }
    }

    public void addStreamIfMissing(StreamConfiguration sc) throws IOException, JetStreamApiException {
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

    /** The stream's info, {@code null} when it does not exist. */
    public StreamInfo streamInfo(String stream) throws IOException, JetStreamApiException {
        try {
            return jsm.getStreamInfo(stream);
        } catch (JetStreamApiException e) {
            if (isStreamNotFound(e)) {
                return null;
            }
            throw e;
        }
    }

    public void deleteStreamIfPresent(String stream) throws IOException, JetStreamApiException {
        try {
            jsm.deleteStream(stream);
        } catch (JetStreamApiException e) {
            if (!isStreamNotFound(e)) {
                throw e;
            }
        }
    }

    /** Partition numbers of a station found in JetStream: {@code <internal>$<p>} streams, sorted. */
    public List<Integer> partitionStreams(String station) throws IOException, JetStreamApiException {
        String external = StationNames.externalName(StationNames.internalName(station));
        List<Integer> out = new ArrayList<>();
        for (String s : jsm.getStreamNames()) {
            StationNames.StreamPartition sp = StationNames.parse(s);
            if (sp != null && sp.partition() != StationNames.LEGACY && sp.station().equals(external)) {
                out.add(sp.partition());
            }
        }
        out.sort(null);
        return out;
    }

    /** StationOptions recovered from a partition stream's config (for stations without metadata). */
    public static StationOptions optionsFromStream(String station, StreamConfiguration sc, int partitions) {
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

    // ---- durables -------------------------------------------------------------------------------

    /** {@link #ensureDurable(String, String, DurableStart, Duration, int)} with a group's options (§6 defaults). */
    public boolean ensureDurable(String stream, String group, ConsumerGroupOptions o)
            throws IOException, JetStreamApiException {
        long ackWaitMs = o.maxAckTime().toMillis() <= 0 ? 30_000 : o.maxAckTime().toMillis();
        int maxDeliver = o.maxMsgDeliveries() <= 0 || o.maxMsgDeliveries() > 10 ? 10 : o.maxMsgDeliveries();
        return ensureDurable(stream, group, DurableStart.of(o), Duration.ofMillis(ackWaitMs), maxDeliver);
    }

    /**
     * Ensures the group's durable on one stream, as the broker creates it (§6: pull, explicit ack, filter on
     * {@code <stream>.final}, unlimited max-ack-pending): created starting at {@code start} when missing;
     * when it exists, updated in ack wait and max deliveries only (a deliver policy cannot change), and a
     * max-ack-pending cap (the server's default of 1000, or a durable made by another tool) is lifted, so
     * consumers that hold acknowledgements until a checkpoint cannot stall.
     *
     * @return whether the durable was created by this call (false: it existed, or a racing client made it)
     */
    public boolean ensureDurable(String stream, String group, DurableStart start, Duration ackWait, int maxDeliver)
            throws IOException, JetStreamApiException {
        String durable = StationNames.durableName(group);
        ConsumerInfo existing = consumerInfo(stream, durable);
        if (existing != null) {
            ConsumerConfiguration cc = existing.getConsumerConfiguration();
            boolean capped = cc.getMaxAckPending() > 0 && cc.getMaxAckPending() < JNATS_MAX_ACK_PENDING;
            if (cc.getAckWait().toMillis() != ackWait.toMillis() || cc.getMaxDeliver() != maxDeliver || capped) {
                putConsumer(stream, ConsumerConfiguration.builder(cc).ackWait(ackWait).maxDeliver(maxDeliver).build());
                if (capped) {
                    LOG.info("Lifted max-ack-pending {} of consumer group '{}' on {}", cc.getMaxAckPending(),
                            StationNames.externalName(durable), stream);
                }
            }
            return false;
        }
        ConsumerConfiguration.Builder b = ConsumerConfiguration.builder()
                .durable(durable)
                .filterSubject(StationNames.dataSubjectOf(stream))
                .ackPolicy(AckPolicy.Explicit)
                .replayPolicy(ReplayPolicy.Instant)
                .ackWait(ackWait)
                .maxDeliver(maxDeliver);
        start.apply(b, () -> jsm.getStreamInfo(stream).getStreamState().getLastSequence());
        try {
            putConsumer(stream, b.build());
            return true;
        } catch (IOException | JetStreamApiException e) {
            if (consumerInfo(stream, durable) == null) {
                throw e;
            }
            return false; // another client created it first
        }
    }

    /**
     * Creates or updates a durable with {@code max_ack_pending: -1} (unlimited, as the broker sets it):
     * jnats drops negative values, which would leave the server's default of 1000 and stall consumers
     * that hold acknowledgements (checkpointing sources). Sent as jnats' own consumer-create request with
     * the field added, answered and refused (a {@link JetStreamApiException}) like any jnats call.
     */
    public void putConsumer(String stream, ConsumerConfiguration cc) throws IOException, JetStreamApiException {
        JsonValue config = JsonParser.parse(cc.toJson());
        Map<String, JsonValue> withUnlimited = new LinkedHashMap<>(config.map);
        withUnlimited.put("max_ack_pending", new JsonValue(-1L));
        Map<String, JsonValue> req = new LinkedHashMap<>();
        req.put("stream_name", new JsonValue(stream));
        req.put("config", new JsonValue(withUnlimited));
        String subject = options.getPrefix() + "CONSUMER.DURABLE.CREATE." + stream + "." + cc.getDurable();
        Message reply;
        try {
            reply = nc.request(subject, new JsonValue(req).toJson().getBytes(StandardCharsets.UTF_8),
                    options.getRequestTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating consumer " + cc.getDurable(), e);
        }
        if (reply == null) {
            throw new IOException("no reply from JetStream within " + options.getRequestTimeout()
                    + " creating consumer '" + cc.getDurable() + "' on " + stream);
        }
        new ConsumerInfo(reply).throwOnHasError();
    }

    /** The durable's info, {@code null} when it or its stream does not exist. */
    public ConsumerInfo consumerInfo(String stream, String durable) throws IOException, JetStreamApiException {
        try {
            return jsm.getConsumerInfo(stream, durable);
        } catch (JetStreamApiException e) {
            if (isNotFound(e)) {
                return null;
            }
            throw e;
        }
    }

    public void deleteDurable(String stream, String group) throws IOException, JetStreamApiException {
        try {
            jsm.deleteConsumer(stream, StationNames.durableName(group));
        } catch (JetStreamApiException e) {
            if (!isNotFound(e)) {
                throw e;
            }
        }
    }
}
