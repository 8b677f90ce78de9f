package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.Internal;
import dev.lakestation.memphis.internal.JetStreamAdmin;
import dev.lakestation.memphis.internal.StationNames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakestation.memphis.schemaverse.Schema;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane of a Memphis broker: the {@code $memphis_*} requests of memphis-protocol §3 with
 * the SDKs' JSON shapes ({@code req_version} 4, bare-UUID {@code connection_id}), plain-text replies
 * (empty = success) and JSON replies; requests retried 5 times on timeouts only.
 */
@Internal
final class BrokerPlane implements Plane {
    static final String STATION_CREATIONS = "$memphis_station_creations";
    static final String STATION_DESTRUCTIONS = "$memphis_station_destructions";
    static final String PRODUCER_CREATIONS = "$memphis_producer_creations";
    static final String PRODUCER_DESTRUCTIONS = "$memphis_producer_destructions";
    static final String CONSUMER_CREATIONS = "$memphis_consumer_creations";
    static final String CONSUMER_DESTRUCTIONS = "$memphis_consumer_destructions";
    static final String SCHEMA_CREATIONS = "$memphis_schema_creations";
    static final String SCHEMA_ATTACHMENTS = "$memphis_schema_attachments";
    static final String SCHEMA_DETACHMENTS = "$memphis_schema_detachments";
    static final String SCHEMAVERSE_DLS = "$memphis_schemaverse_dls";
    static final String NACKED_DLS = "$memphis_nacked_dls";
    static final String SCHEMA_UPDATES_PREFIX = "$memphis_schema_updates_";
    static final String SDK_CLIENTS_UPDATES = "$memphis_sdk_clients_updates";
    static final String PM_ACKS = "$memphis_pm_acks";
    static final String SDK_LANG = "java";
    private static final int RETRIES = 5;
    private static final Logger LOG = LoggerFactory.getLogger(BrokerPlane.class);

    private final Memphis memphis;
    private final Connection nc;
    private final JetStreamAdmin admin;
    private final String username;
    private final Map<String, StationState> states = new ConcurrentHashMap<>();
    private final Map<String, Schema> knownSchemas = new ConcurrentHashMap<>();
    private final Dispatcher dispatcher;

    BrokerPlane(Memphis memphis) throws IOException {
        this.memphis = memphis;
        this.nc = memphis.connection();
        this.admin = new JetStreamAdmin(nc, memphis.options().jetStreamOptions());
        this.username = memphis.options().username();
        this.dispatcher = nc.createDispatcher();
        dispatcher.subscribe(SDK_CLIENTS_UPDATES, this::onClientsUpdate);
    }

    /** {@code {station_name, type, update}}: schemaverse_to_dls toggles, remove_station drops the cache. */
    private void onClientsUpdate(Message msg) {
        JsonNode n = WireJson.tryParse(msg.getData());
        if (n == null) {
            return;
        }
        String station = StationNames.externalName(WireJson.text(n, "station_name", ""));
        StationState st = states.get(station);
        if (st == null) {
            return;
        }
        switch (WireJson.text(n, "type", "")) {
            case "schemaverse_to_dls" -> st.setSchemaverseToDls(WireJson.bool(n, "update", false));
            case "remove_station" -> states.remove(station);
            default -> {
                // send_notification: notifications are not produced by this client
            }
        }
    }

    /** Subject the broker resends a group's poison messages on (core NATS), and its queue group. */
    static String resendSubject(String station, String group) {
        return "$memphis_dls_" + StationNames.internalName(station) + "." + StationNames.internalName(group);
    }

    static String resendQueue(String station, String group) {
        return "$memphis_" + StationNames.internalName(station) + "_" + StationNames.internalName(group);
    }

    @Override
    public Resend poisonResend(String station, String group) {
        return new Resend(resendSubject(station, group), resendQueue(station, group));
    }

    /** Confirms a resent poison message to the broker (it has no JetStream reply to ack). */
    @Override
    public void ackResent(String pmId, String group) {
        ObjectNode b = body();
        try {
            b.put("id", Long.parseLong(pmId));
        } catch (NumberFormatException e) {
            b.put("id", pmId);
        }
        b.put("cg_name", group);
        nc.publish(PM_ACKS, WireJson.bytes(b));
    }

    @Override
    public ControlPlane kind() {
        return ControlPlane.BROKER;
    }

    // ---- requests -------------------------------------------------------------------------------

    private byte[] request(String subject, ObjectNode body) {
        byte[] payload = WireJson.bytes(body);
        long timeoutMs = memphis.options().requestTimeout().toMillis();
        TimeoutException last = null;
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            try {
                Message reply = nc.requestWithTimeout(subject, payload, memphis.options().requestTimeout())
                        .get(timeoutMs + 1000, TimeUnit.MILLISECONDS);
                if (reply == null) {
                    continue;
                }
                if (reply.isStatusMessage()) {
                    throw new MemphisException("no Memphis broker answers " + subject + " (status "
                            + reply.getStatus().getCode() + ")");
                }
                return reply.getData() == null ? new byte[0] : reply.getData();
            } catch (TimeoutException e) {
                last = e;
            } catch (CancellationException e) {
                throw new MemphisException("no Memphis broker answers " + subject, e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof TimeoutException t) {
                    last = t;
                    continue;
                }
                throw new MemphisException("request " + subject + " failed: " + (c == null ? e : c).getMessage(), c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MemphisException("interrupted during " + subject, e);
            }
        }
        throw new MemphisTimeoutException("no reply to " + subject + " after " + RETRIES + " attempts of "
                + memphis.options().requestTimeout(), last);
    }

    /** Plain-text reply: empty = success, otherwise the broker's error. */
    private void requestPlain(String subject, ObjectNode body, String what) {
        String reply = new String(request(subject, body), StandardCharsets.UTF_8).trim();
        if (!reply.isEmpty()) {
            throw brokerError(what, reply);
        }
    }

    /** JSON reply with an {@code error} field; a non-JSON reply is an error string. */
    private JsonNode requestJson(String subject, ObjectNode body, String what) {
        byte[] raw = request(subject, body);
        JsonNode reply = WireJson.tryParse(raw);
        if (reply == null || !reply.isObject()) {
            throw brokerError(what, new String(raw, StandardCharsets.UTF_8));
        }
        String error = WireJson.text(reply, "error", "");
        if (!error.isEmpty()) {
            throw brokerError(what, error);
        }
        return reply;
    }

    private static MemphisException brokerError(String what, String error) {
        return new MemphisException(what + ": " + error);
    }

    private ObjectNode body() {
        return WireJson.object();
    }

    // ---- stations -------------------------------------------------------------------------------

    @Override
    public void createStation(StationOptions o) {
        requestPlain(STATION_CREATIONS, StationRecords.creationRequest(o, username),
                "cannot create station '" + o.name() + "'");
    }

    @Override
    public void destroyStation(String station) {
        String name = StationNames.validate("station", station);
        ObjectNode b = body();
        b.put("station_name", name);
        b.put("username", username);
        requestPlain(STATION_DESTRUCTIONS, b, "cannot destroy station '" + name + "'");
        states.remove(name);
    }

    /**
     * The broker has no request for station details: partitions and limits are read from the
     * station's JetStream streams; the schema name and DLS flags are those the broker reported to
     * this client's producers, if any.
     */
    @Override
    public StationInfo station(String station) {
        String name = StationNames.validate("station", station);
        try {
            StationState st = states.get(name);
            List<Integer> partitions = admin.partitionStreams(name);
            StreamInfo si;
            if (partitions.isEmpty()) {
                si = admin.streamInfo(StationNames.streamName(name, StationNames.LEGACY));
                if (si == null) {
                    throw new StationNotFoundException(name);
                }
            } else {
                si = admin.streamInfo(StationNames.streamName(name, partitions.get(0)));
            }
            StationOptions base = JetStreamAdmin.optionsFromStream(name, si.getConfiguration(), partitions.size());
            if (st != null) {
                base = withBrokerReported(base, st);
            }
            return new StationInfo(base, partitions);
        } catch (IOException | JetStreamApiException e) {
            throw new MemphisException("cannot read station '" + name + "': " + e.getMessage(), e);
        }
    }

    private static StationOptions withBrokerReported(StationOptions base, StationState st) {
        StationOptions.Builder b = StationOptions.builder(base.name())
                .retention(base.retentionType(), base.retentionValue()).storageType(base.storageType())
                .replicas(base.replicas()).idempotencyWindowMs(base.idempotencyWindowMs())
                .partitions(base.partitions())
                .schemaName(st.schema() == null ? "" : st.schema().name())
                .sendSchemaFailedMessagesToDls(st.schemaverseToDls());
        return b.build();
    }

    @Override
    public StationState registerProducer(String station, String producerName) {
        ObjectNode b = body();
        b.put("name", producerName);
        b.put("station_name", station);
        b.put("connection_id", memphis.connectionId());
        b.put("producer_type", "application");
        b.put("req_version", 4);
        b.put("username", username);
        b.put("app_id", Memphis.APP_ID);
        b.put("sdk_lang", SDK_LANG);
        JsonNode reply = requestJson(PRODUCER_CREATIONS, b,
                "cannot create producer '" + producerName + "' on station '" + station + "'");
        StationState st = applyRegistration(station, reply);
        st.setSchemaverseToDls(WireJson.bool(reply, "schemaverse_to_dls", false));
        return st;
    }

    private StationState applyRegistration(String station, JsonNode reply) {
        List<Integer> partitions = new ArrayList<>();
        JsonNode list = WireJson.field(WireJson.field(reply, "partitions_update"), "partitions_list");
        if (list != null && list.isArray()) {
            list.forEach(p -> partitions.add(p.asInt()));
        }
        Schema schema = schemaFrom(WireJson.field(reply, "schema_update"));
        StationState st = states.computeIfAbsent(station, s -> {
            StationState created = new StationState(new StationInfo(
                    StationOptions.builder(s).partitions(Math.max(1, partitions.size())).build(), partitions));
            subscribeSchemaUpdates(created);
            return created;
        });
        StationInfo current = st.info();
        StationOptions.Builder ob = StationOptions.builder(station)
                .retention(current.retentionType(), current.retentionValue())
                .storageType(current.storageType()).replicas(current.replicas())
                .idempotencyWindowMs(current.idempotencyWindow().toMillis())
                .partitions(Math.max(1, partitions.size()))
                .schemaName(schema == null ? "" : schema.name())
                .sendSchemaFailedMessagesToDls(WireJson.bool(reply, "schemaverse_to_dls", current.dlsSchemaverse()));
        st.update(new StationInfo(ob.build(), partitions));
        st.updateSchema(schema);
        if (schema != null) {
            knownSchemas.put(schema.name(), schema);
        }
        return st;
    }

    private Schema schemaFrom(JsonNode update) {
        if (update == null || update.isNull()) {
            return null;
        }
        String name = WireJson.text(update, "schema_name", "");
        if (name.isEmpty()) {
            return null;
        }
        JsonNode v = WireJson.field(update, "active_version");
        return new Schema(name, WireJson.text(update, "type", ""), (int) WireJson.number(v, "version_number", 1),
                WireJson.text(v, "schema_content", ""), WireJson.text(v, "message_struct_name", ""),
                WireJson.text(v, "descriptor", ""));
    }

    private void subscribeSchemaUpdates(StationState st) {
        dispatcher.subscribe(SCHEMA_UPDATES_PREFIX + st.internalName, msg -> {
            JsonNode n = WireJson.tryParse(msg.getData());
            if (n == null) {
                return;
            }
            long type = WireJson.number(n, "UpdateType", 1);
            Schema s = type == 2 ? null : schemaFrom(WireJson.field(n, "init"));
            st.updateSchema(s);
            if (s != null) {
                knownSchemas.put(s.name(), s);
            }
        });
    }

    @Override
    public void destroyProducer(String station, String producerName) {
        ObjectNode b = body();
        b.put("name", producerName);
        b.put("station_name", station);
        b.put("username", username);
        b.put("connection_id", memphis.connectionId());
        b.put("req_version", 1);
        String reply = new String(request(PRODUCER_DESTRUCTIONS, b), StandardCharsets.UTF_8).trim();
        if (!reply.isEmpty() && !reply.toLowerCase(Locale.ROOT).contains("not exist")) {
            throw new MemphisException("cannot destroy producer '" + producerName + "' of station '" + station + "': "
                    + reply);
        }
    }

    @Override
    public List<Integer> createConsumerGroup(String station, String group, String consumerName,
            ConsumerGroupOptions o) {
        ObjectNode b = body();
        b.put("name", consumerName);
        b.put("station_name", station);
        b.put("connection_id", memphis.connectionId());
        b.put("consumer_type", "application");
        b.put("consumers_group", group);
        b.put("max_ack_time_ms", o.maxAckTime().toMillis());
        b.put("max_msg_deliveries", o.maxMsgDeliveries());
        b.put("username", username);
        b.put("start_consume_from_sequence", o.startConsumeFromSequence());
        b.put("last_messages", o.lastMessages());
        b.put("req_version", 4);
        b.put("app_id", Memphis.APP_ID);
        b.put("sdk_lang", SDK_LANG);
        JsonNode reply = requestJson(CONSUMER_CREATIONS, b,
                "cannot create consumer '" + consumerName + "' of group '" + group + "' on station '" + station + "'");
        return applyRegistration(station, reply).info().partitions();
    }

    @Override
    public StationState stationState(String station) {
        StationState st = states.get(station);
        if (st == null) {
            throw new StationNotFoundException(station);
        }
        return st;
    }

    /** Sent only when asked: the broker deletes the durable when the last member leaves. */
    @Override
    public void destroyConsumer(String station, String group, String consumerName, boolean deleteGroup) {
        if (!deleteGroup) {
            return;
        }
        ObjectNode b = body();
        b.put("name", consumerName);
        b.put("station_name", station);
        b.put("username", username);
        b.put("connection_id", memphis.connectionId());
        b.put("req_version", 1);
        String reply = new String(request(CONSUMER_DESTRUCTIONS, b), StandardCharsets.UTF_8).trim();
        if (!reply.isEmpty() && !reply.toLowerCase(Locale.ROOT).contains("not exist")) {
            throw new MemphisException("cannot destroy consumer '" + consumerName + "' of station '" + station + "': "
                    + reply);
        }
    }

    // ---- schemas --------------------------------------------------------------------------------

    @Override
    public void createSchema(String name, String type, String content, String messageStructName) {
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (!Schema.isKnownType(t)) {
            throw new SchemaValidationException("schema '" + name + "': unknown type '" + type
                    + "' (expected protobuf, json, graphql or avro)");
        }
        ObjectNode b = body();
        b.put("name", name);
        b.put("type", t);
        b.put("created_by_username", username);
        b.put("schema_content", content);
        b.put("message_struct_name", messageStructName == null ? "" : messageStructName);
        requestJson(SCHEMA_CREATIONS, b, "cannot create schema '" + name + "'");
    }

    @Override
    public Schema schema(String name) {
        Schema s = knownSchemas.get(name);
        if (s == null) {
            throw new MemphisException("schema '" + name + "' is not known to this client: a Memphis broker sends"
                    + " schemas only with producer registrations of stations they are attached to");
        }
        return s;
    }

    @Override
    public void enforceSchema(String schemaName, String station) {
        ObjectNode b = body();
        b.put("name", schemaName);
        b.put("station_name", station);
        b.put("username", username);
        requestPlain(SCHEMA_ATTACHMENTS, b, "cannot attach schema '" + schemaName + "' to station '" + station + "'");
    }

    @Override
    public void detachSchema(String station) {
        ObjectNode b = body();
        b.put("station_name", station);
        b.put("username", username);
        requestPlain(SCHEMA_DETACHMENTS, b, "cannot detach the schema of station '" + station + "'");
    }

    // ---- dead letters ---------------------------------------------------------------------------

    @Override
    public void deadLetter(String station, int partition, String group, long sequence, String reason,
            Headers headers, byte[] data) {
        ObjectNode b = body();
        b.put("station_name", StationNames.internalName(station));
        b.put("error", reason == null ? "" : reason);
        b.put("partition", partition);
        b.put("cg_name", group);
        b.put("seq", sequence);
        nc.publish(NACKED_DLS, WireJson.bytes(b));
    }

    @Override
    public void schemaDeadLetter(StationState station, String producerName, int partition, Headers headers,
            byte[] data, String validationError) {
        ObjectNode b = body();
        b.put("station_name", station.internalName);
        ObjectNode p = b.putObject("producer");
        p.put("name", producerName);
        p.put("connection_id", memphis.connectionId());
        ObjectNode m = b.putObject("message");
        m.put("data", HexFormat.of().formatHex(data));
        ObjectNode h = m.putObject("headers");
        Map<String, String> flat = new LinkedHashMap<>();
        if (headers != null) {
            headers.keySet().forEach(k -> flat.put(k, headers.getFirst(k)));
        }
        flat.forEach(h::put);
        m.put("size", data.length);
        b.put("validation_error", validationError);
        if (partition > 0) {
            b.put("partition_number", partition);
        }
        nc.publish(SCHEMAVERSE_DLS, WireJson.bytes(b));
    }

    @Override
    public void close() {
        try {
            nc.closeDispatcher(dispatcher);
        } catch (RuntimeException e) {
            LOG.debug("closing dispatcher: {}", e.getMessage());
        }
    }
}
