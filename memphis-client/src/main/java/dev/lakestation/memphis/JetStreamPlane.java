package dev.lakestation.memphis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakestation.memphis.annotation.Internal;
import dev.lakestation.memphis.internal.DeadLetterWriter;
import dev.lakestation.memphis.internal.JetStreamAdmin;
import dev.lakestation.memphis.internal.StationNames;
import dev.lakestation.memphis.schemaverse.Schema;
import dev.lakestation.memphis.schemaverse.SchemaValidators;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.Message;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatchOption;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import io.nats.client.support.NatsJetStreamConstants;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane on plain NATS JetStream: the client creates streams and durables with the
 * broker's mapping and keeps what the broker would remember in key-value buckets —
 * {@value #STATIONS_BUCKET} (key = station name, value = the station creation JSON plus
 * {@code partitions_list}) and {@value #SCHEMAS_BUCKET} (key = schema name, value = type, versions
 * and active version). Dead letters go to the station's {@code dls_station} or to its
 * {@code <internal>$dls} stream; poison messages are found through JetStream's MAX_DELIVERIES
 * advisories, handled by one connected client (queue group).
 */
@Internal
final class JetStreamPlane implements Plane {
    static final String STATIONS_BUCKET = "memphis_stations";
    static final String SCHEMAS_BUCKET = "memphis_schemas";
    static final String ADVISORY_SUBJECT = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>";
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamPlane.class);
    /** JetStream: "replicas > 1 not supported in non-clustered mode". */
    private static final int JS_REPLICAS_NOT_SUPPORTED = 10074;

    private final Connection nc;
    private final JetStreamAdmin admin;
    private final String username;
    private final KeyValue stations;
    private final KeyValue schemas;
    private final Map<String, StationState> states = new ConcurrentHashMap<>();
    private final Map<String, NatsKeyValueWatchSubscription> watches = new ConcurrentHashMap<>();
    private final DeadLetterWriter deadLetters;
    private final Dispatcher dispatcher;
    private NatsKeyValueWatchSubscription schemaWatch;

    JetStreamPlane(Connection nc, MemphisOptions options) throws IOException, JetStreamApiException {
        this.nc = nc;
        this.admin = new JetStreamAdmin(nc, options.jetStreamOptions());
        this.deadLetters = new DeadLetterWriter(nc, options.jetStreamOptions());
        this.username = options.username();
        this.stations = bucket(nc, STATIONS_BUCKET, options);
        this.schemas = bucket(nc, SCHEMAS_BUCKET, options);
        this.dispatcher = nc.createDispatcher();
        if (options.handlePoisonMessages()) {
            dispatcher.subscribe(ADVISORY_SUBJECT, "memphis_poison_handlers", this::onMaxDeliveries);
        }
    }

    private static KeyValue bucket(Connection nc, String name, MemphisOptions options)
            throws IOException, JetStreamApiException {
        io.nats.client.KeyValueOptions kvo = io.nats.client.KeyValueOptions.builder()
                .jetStreamOptions(options.jetStreamOptions()).build();
        KeyValueManagement kvm = nc.keyValueManagement(kvo);
        try {
            kvm.getStatus(name);
        } catch (JetStreamApiException e) {
            try {
                kvm.create(KeyValueConfiguration.builder().name(name).maxHistoryPerKey(1)
                        .storageType(io.nats.client.api.StorageType.File).build());
            } catch (JetStreamApiException raced) {
                kvm.getStatus(name);
            }
        }
        return nc.keyValue(name, kvo);
    }

    @Override
    public ControlPlane kind() {
        return ControlPlane.JETSTREAM;
    }

    // ---- stations -------------------------------------------------------------------------------

    @Override
    public void createStation(StationOptions o) {
        try {
            if (stations.get(o.name()) != null) {
                return; // as the broker: an existing station is not changed
            }
            if (!o.schemaName().isEmpty()) {
                schema(o.schemaName());
            }
            if (!o.dlsStation().isEmpty() && stations.get(o.dlsStation()) == null) {
                createStation(StationOptions.defaults(o.dlsStation()));
            }
            admin.createStreams(o);
            admin.addStreamIfMissing(JetStreamAdmin.dlsStreamConfig(o.name(), o.storageType()));
            List<Integer> partitions = new ArrayList<>();
            for (int p = 1; p <= o.partitions(); p++) {
                partitions.add(p);
            }
            try {
                stations.create(o.name(), StationRecords.toBytes(new StationInfo(o, partitions), username));
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != NatsJetStreamConstants.JS_WRONG_LAST_SEQUENCE) {
                    throw e;
                }
            }
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == JS_REPLICAS_NOT_SUPPORTED) {
                // A user asking for replicas expects redundancy: refuse rather than silently keep one copy.
                throw new MemphisException("cannot create station '" + o.name() + "' with " + o.replicas()
                        + " replicas (2 and 4 are rounded up to 3 as the broker does): the NATS server is not"
                        + " clustered and a single server keeps 1 replica only; use replicas(1) or a JetStream"
                        + " cluster of at least " + o.replicas() + " servers", e);
            }
            throw new MemphisException("cannot create station '" + o.name() + "': " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MemphisException("cannot create station '" + o.name() + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void destroyStation(String station) {
        String name = StationNames.validate("station", station);
        try {
            StationInfo info = station(name);
            for (String stream : info.streamNames()) {
                admin.deleteStreamIfPresent(stream);
            }
            admin.deleteStreamIfPresent(StationNames.dlsStreamName(name));
            stations.delete(name);
            NatsKeyValueWatchSubscription w = watches.remove(name);
            if (w != null) {
                w.unsubscribe();
            }
            states.remove(name);
        } catch (IOException | JetStreamApiException e) {
            throw new MemphisException("cannot destroy station '" + name + "': " + e.getMessage(), e);
        }
    }

    @Override
    public StationInfo station(String station) {
        String name = StationNames.validate("station", station);
        try {
            KeyValueEntry e = stations.get(name);
            if (e != null && e.getValue() != null) {
                return StationRecords.fromJson(WireJson.parse(e.getValue(), "station record '" + name + "'"));
            }
            // A station made by a plain NATS client (legacy) or by streams alone.
            StreamInfo legacy = admin.streamInfo(StationNames.streamName(name, StationNames.LEGACY));
            if (legacy != null) {
                return new StationInfo(JetStreamAdmin.optionsFromStream(name, legacy.getConfiguration(), 1), List.of());
            }
            List<Integer> partitions = admin.partitionStreams(name);
            if (!partitions.isEmpty()) {
                StreamInfo first = admin.streamInfo(StationNames.streamName(name, partitions.get(0)));
                return new StationInfo(JetStreamAdmin.optionsFromStream(name, first.getConfiguration(),
                        partitions.size()), partitions);
            }
            throw new StationNotFoundException(name);
        } catch (IOException | JetStreamApiException e) {
            throw new MemphisException("cannot read station '" + name + "': " + e.getMessage(), e);
        }
    }

    @Override
    public StationState registerProducer(String station, String producerName) {
        return liveState(station, true);
    }

    @Override
    public void destroyProducer(String station, String producerName) {
        // nothing is registered on plain JetStream
    }

    @Override
    public List<Integer> createConsumerGroup(String station, String group, String consumerName,
            ConsumerGroupOptions options) {
        StationState st = liveState(station, true);
        StationInfo info = st.info();
        try {
            for (String stream : info.streamNames()) {
                admin.ensureDurable(stream, group, options);
            }
        } catch (IOException | JetStreamApiException e) {
            throw new MemphisException("cannot create consumer group '" + group + "' on station '" + info.name()
                    + "': " + e.getMessage(), e);
        }
        return info.partitions();
    }

    @Override
    public StationState stationState(String station) {
        return liveState(station, false);
    }

    @Override
    public void destroyConsumer(String station, String group, String consumerName, boolean deleteGroup) {
        if (!deleteGroup) {
            return;
        }
        StationInfo info = station(station);
        try {
            for (String stream : info.streamNames()) {
                admin.deleteDurable(stream, group);
            }
        } catch (IOException | JetStreamApiException e) {
            throw new MemphisException("cannot delete consumer group '" + group + "' of station '" + station
                    + "': " + e.getMessage(), e);
        }
    }

    /** The cached state of a station, created on first use with a KV watch that keeps it current. */
    private StationState liveState(String station, boolean autoCreate) {
        String name = StationNames.validate("station", station);
        StationState st = states.get(name);
        if (st != null) {
            return st;
        }
        synchronized (states) {
            st = states.get(name);
            if (st != null) {
                return st;
            }
            StationInfo info;
            try {
                info = station(name);
            } catch (StationNotFoundException e) {
                if (!autoCreate) {
                    throw e;
                }
                createStation(StationOptions.defaults(name));
                info = station(name);
            }
            StationState created = new StationState(info);
            created.updateSchema(activeSchemaOrNull(info.schemaName()));
            try {
                watches.put(name, stations.watch(name, new StationWatcher(created), KeyValueWatchOption.UPDATES_ONLY));
                ensureSchemaWatch();
            } catch (IOException | JetStreamApiException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new MemphisException("cannot watch station '" + name + "': " + e.getMessage(), e);
            }
            states.put(name, created);
            return created;
        }
    }

    private void ensureSchemaWatch() throws IOException, JetStreamApiException, InterruptedException {
        if (schemaWatch == null) {
            schemaWatch = schemas.watchAll(new KeyValueWatcher() {
                @Override
                public void watch(KeyValueEntry entry) {
                    for (StationState st : states.values()) {
                        if (entry.getKey().equals(st.info().schemaName())) {
                            st.updateSchema(activeSchemaOrNull(entry.getKey()));
                        }
                    }
                }

                @Override
                public void endOfData() {}
            }, KeyValueWatchOption.UPDATES_ONLY);
        }
    }

    private final class StationWatcher implements KeyValueWatcher {
        private final StationState state;

        StationWatcher(StationState state) {
            this.state = state;
        }

        @Override
        public void watch(KeyValueEntry entry) {
            if (entry.getOperation() != KeyValueOperation.PUT || entry.getValue() == null) {
                return;
            }
            try {
                StationInfo info = StationRecords.fromJson(WireJson.parse(entry.getValue(), "station record"));
                state.update(info);
                state.updateSchema(activeSchemaOrNull(info.schemaName()));
            } catch (RuntimeException e) {
                LOG.warn("ignoring unreadable station record '{}': {}", entry.getKey(), e.getMessage());
            }
        }

        @Override
        public void endOfData() {}
    }

    // ---- schemas --------------------------------------------------------------------------------

    @Override
    public void createSchema(String name, String type, String content, String messageStructName) {
        String schemaName = StationNames.validate("schema", name);
        String t = type == null ? "" : type.toLowerCase(java.util.Locale.ROOT);
        if (!Schema.isKnownType(t)) {
            throw new SchemaValidationException("schema '" + schemaName + "': unknown type '" + type
                    + "' (expected protobuf, json, graphql or avro)");
        }
        boolean compiled = false;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                KeyValueEntry e = schemas.get(schemaName);
                ObjectNode rec;
                int next;
                if (e == null || e.getValue() == null) {
                    rec = WireJson.object();
                    rec.put("name", schemaName);
                    rec.put("type", t);
                    rec.putArray("versions");
                    next = 1;
                } else {
                    rec = (ObjectNode) WireJson.parse(e.getValue(), "schema record '" + schemaName + "'");
                    if (!t.equals(rec.path("type").asText())) {
                        throw new SchemaValidationException("schema '" + schemaName + "' already exists with type '"
                                + rec.path("type").asText() + "', cannot add a version of type '" + t + "'");
                    }
                    Schema active = activeFrom(rec);
                    compiled = compile(compiled, schemaName, t, content, messageStructName);
                    if (active.content().equals(content) && active.messageStructName().equals(
                            messageStructName == null ? "" : messageStructName)) {
                        return;
                    }
                    next = rec.path("versions").size() + 1;
                }
                compiled = compile(compiled, schemaName, t, content, messageStructName);
                ObjectNode v = ((ArrayNode) rec.get("versions")).addObject();
                v.put("version_number", next);
                v.put("schema_content", content);
                v.put("message_struct_name", messageStructName == null ? "" : messageStructName);
                v.put("created_by_username", username);
                v.put("creation_date", Instant.now().toString());
                rec.put("active_version", next);
                if (e == null) {
                    schemas.create(schemaName, WireJson.bytes(rec));
                } else {
                    schemas.update(schemaName, WireJson.bytes(rec), e.getRevision());
                }
                return;
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != NatsJetStreamConstants.JS_WRONG_LAST_SEQUENCE) {
                    throw new MemphisException("cannot store schema '" + schemaName + "': " + e.getMessage(), e);
                }
            } catch (IOException e) {
                throw new MemphisException("cannot store schema '" + schemaName + "': " + e.getMessage(), e);
            }
        }
        throw new MemphisException("cannot store schema '" + schemaName + "': too many concurrent updates");
    }

    /** Compiling checks the content and that a validator exists for the type. */
    private static boolean compile(boolean done, String name, String type, String content, String structName) {
        if (!done) {
            SchemaValidators.forSchema(new Schema(name, type, 1, content, structName));
        }
        return true;
    }

    private static Schema activeFrom(JsonNode rec) {
        int active = rec.path("active_version").asInt();
        for (JsonNode v : rec.path("versions")) {
            if (v.path("version_number").asInt() == active) {
                return new Schema(rec.path("name").asText(), rec.path("type").asText(), active,
                        v.path("schema_content").asText(), v.path("message_struct_name").asText(""));
            }
        }
        throw new MemphisException("schema '" + rec.path("name").asText() + "' has no active version " + active);
    }

    @Override
    public Schema schema(String name) {
        try {
            KeyValueEntry e = schemas.get(name);
            if (e == null || e.getValue() == null) {
                throw new MemphisException("schema '" + name + "' does not exist");
            }
            return activeFrom(WireJson.parse(e.getValue(), "schema record '" + name + "'"));
        } catch (IOException | JetStreamApiException e) {
            throw new MemphisException("cannot read schema '" + name + "': " + e.getMessage(), e);
        }
    }

    private Schema activeSchemaOrNull(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        try {
            return schema(name);
        } catch (MemphisException e) {
            LOG.warn("station schema '{}' unavailable: {}", name, e.getMessage());
            return null;
        }
    }

    @Override
    public void enforceSchema(String schemaName, String station) {
        schema(schemaName);
        updateStationRecord(station, o -> o.put("schema_name", schemaName));
    }

    @Override
    public void detachSchema(String station) {
        updateStationRecord(station, o -> o.put("schema_name", ""));
    }

    private void updateStationRecord(String station, java.util.function.Consumer<ObjectNode> change) {
        String name = StationNames.validate("station", station);
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                KeyValueEntry e = stations.get(name);
                if (e == null || e.getValue() == null) {
                    // stations created by streams alone get a record on first change
                    StationInfo info = station(name);
                    ObjectNode rec = (ObjectNode) WireJson.MAPPER.readTree(StationRecords.toBytes(info, username));
                    change.accept(rec);
                    stations.create(name, WireJson.bytes(rec));
                } else {
                    ObjectNode rec = (ObjectNode) WireJson.parse(e.getValue(), "station record '" + name + "'");
                    change.accept(rec);
                    stations.update(name, WireJson.bytes(rec), e.getRevision());
                }
                StationState st = states.get(name);
                if (st != null) {
                    StationInfo info = station(name);
                    st.update(info);
                    st.updateSchema(activeSchemaOrNull(info.schemaName()));
                }
                return;
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != NatsJetStreamConstants.JS_WRONG_LAST_SEQUENCE) {
                    throw new MemphisException("cannot update station '" + name + "': " + e.getMessage(), e);
                }
            } catch (IOException e) {
                throw new MemphisException("cannot update station '" + name + "': " + e.getMessage(), e);
            }
        }
        throw new MemphisException("cannot update station '" + name + "': too many concurrent updates");
    }

    // ---- dead letters ---------------------------------------------------------------------------

    @Override
    public void deadLetter(String station, int partition, String group, long sequence, String reason,
            Headers headers, byte[] data) {
        StationInfo info = stateOrInfo(station);
        writeDeadLetter(info, DeadLetterHeaders.TYPE_NACKED, partition, group, sequence, reason, headers, data);
    }

    @Override
    public void schemaDeadLetter(StationState station, String producerName, int partition, Headers headers,
            byte[] data, String validationError) {
        writeDeadLetter(station.info(), DeadLetterHeaders.TYPE_SCHEMA, partition, null, 0, validationError,
                headers, data);
    }

    private StationInfo stateOrInfo(String station) {
        StationState st = states.get(station);
        return st != null ? st.info() : station(station);
    }

    private void writeDeadLetter(StationInfo info, String type, int partition, String group, long sequence,
            String reason, Headers original, byte[] data) {
        DeadLetterWriter.Target target;
        if (info.dlsStation().isEmpty()) {
            target = DeadLetterWriter.Target.ownStream(info.storageType());
        } else {
            StationInfo dls = stateOrInfo(info.dlsStation());
            target = DeadLetterWriter.Target.deadLetterStation(dls.name(), dls.partitions());
        }
        deadLetters.write(info.name(), target, type, partition, group, sequence, reason, original, data);
    }

    /** A JetStream MAX_DELIVERIES advisory: move the message to its station's DLS when asked. */
    private void onMaxDeliveries(Message advisory) {
        try {
            JsonNode a = WireJson.parse(advisory.getData(), "advisory");
            String stream = a.path("stream").asText();
            String durable = a.path("consumer").asText();
            long seq = a.path("stream_seq").asLong();
            long deliveries = a.path("deliveries").asLong();
            StationNames.StreamPartition sp = StationNames.parse(stream);
            if (sp == null || seq <= 0) {
                return; // not a station's data stream (a dead-letter stream, a KV bucket...)
            }
            int partition = sp.partition();
            String station = sp.station();
            KeyValueEntry rec = stations.get(station);
            if (rec == null || rec.getValue() == null) {
                return; // not a Memphis station
            }
            StationInfo info = StationRecords.fromJson(WireJson.parse(rec.getValue(), "station record"));
            if (!info.dlsPoison()) {
                return;
            }
            MessageInfo mi = admin.jsm().getMessage(stream, seq);
            Headers h = mi.getHeaders();
            if (h != null && DeadLetterHeaders.PRODUCER.equals(h.getFirst(MemphisHeaders.PRODUCED_BY))) {
                return;
            }
            writeDeadLetter(info, DeadLetterHeaders.TYPE_POISON, partition, StationNames.externalName(durable), seq,
                    "max deliveries (" + deliveries + ") exceeded by consumer group '"
                            + StationNames.externalName(durable) + "'", h, mi.getData());
        } catch (Exception e) {
            LOG.warn("cannot move poison message to the dead-letter station: {}", e.getMessage());
        }
    }

    /** JetStream redelivers poison messages itself; nothing is resent over core NATS. */
    @Override
    public Resend poisonResend(String station, String group) {
        return null;
    }

    @Override
    public void ackResent(String pmId, String group) {
        throw new IllegalStateException("the JetStream control plane resends no messages (message id " + pmId + ")");
    }

    @Override
    public void close() {
        watches.values().forEach(w -> {
            try {
                w.unsubscribe();
            } catch (RuntimeException ignored) {
                // connection already closing
            }
        });
        if (schemaWatch != null) {
            try {
                schemaWatch.unsubscribe();
            } catch (RuntimeException ignored) {
                // connection already closing
            }
        }
        try {
            nc.closeDispatcher(dispatcher);
        } catch (RuntimeException ignored) {
            // connection already closing
        }
    }
}
