package dev.lakestation.memphis;

import dev.lakestation.memphis.internal.JetStreamAdmin;
import dev.lakestation.memphis.internal.StationNames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for a Memphis broker, which cannot run here: answers the {@code $memphis_*} subjects as
 * memphis-protocol.md §3 describes (plain-text and JSON replies, auto-created stations with the
 * broker's defaults, partitions lists, schema updates) and creates the JetStream streams and durable
 * consumers as the broker would. Every request is recorded so tests can assert the wire shapes.
 */
final class TestMemphisBroker implements AutoCloseable {
    record Request(String subject, JsonNode body) {}

    private final Connection nc;
    private final JetStreamAdmin admin;
    private final Dispatcher dispatcher;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, StationOptions> stations = new ConcurrentHashMap<>();
    private final Map<String, String> attached = new ConcurrentHashMap<>();
    private final Map<String, List<ObjectNode>> schemas = new ConcurrentHashMap<>();
    /** station|consumer name → group, as the broker's database remembers members. */
    private final Map<String, String> members = new ConcurrentHashMap<>();

    TestMemphisBroker(String natsUrl) throws Exception {
        this.nc = Nats.connect(natsUrl);
        this.admin = new JetStreamAdmin(nc, io.nats.client.JetStreamOptions.builder().requestTimeout(java.time.Duration.ofSeconds(20)).build());
        createInternalStreams();
        this.dispatcher = nc.createDispatcher();
        dispatcher.subscribe("$memphis_station_creations", "memphis", m -> answer(m, this::createStation));
        dispatcher.subscribe("$memphis_station_destructions", "memphis", m -> answer(m, this::destroyStation));
        dispatcher.subscribe("$memphis_producer_creations", "memphis", m -> answer(m, this::createProducer));
        dispatcher.subscribe("$memphis_producer_destructions", "memphis", m -> answer(m, b -> ""));
        dispatcher.subscribe("$memphis_consumer_creations", "memphis", m -> answer(m, this::createConsumer));
        dispatcher.subscribe("$memphis_consumer_destructions", "memphis", m -> answer(m, this::destroyConsumer));
        dispatcher.subscribe("$memphis_schema_creations", "memphis", m -> answer(m, this::createSchema));
        dispatcher.subscribe("$memphis_schema_attachments", "memphis", m -> answer(m, this::attachSchema));
        dispatcher.subscribe("$memphis_schema_detachments", "memphis", m -> answer(m, this::detachSchema));
        dispatcher.subscribe("$memphis_nacked_dls", m -> record(m));
        dispatcher.subscribe("$memphis_schemaverse_dls", m -> record(m));
        dispatcher.subscribe("$memphis_pm_acks", m -> record(m));
        nc.flush(java.time.Duration.ofSeconds(2));
    }

    /**
     * A Memphis broker creates its internal streams in its global account at start-up
     * (srv:server/memphis_helper.go {@code tryCreateInternalJetStreamResources}); the client detects a
     * broker by the schemaverse dead-letter one, so the stand-in creates it with the broker's config.
     */
    private void createInternalStreams() throws Exception {
        io.nats.client.JetStreamManagement jsm = nc.jetStreamManagement();
        try {
            jsm.getStreamInfo(Memphis.BROKER_MARKER_STREAM);
        } catch (io.nats.client.JetStreamApiException notThere) {
            jsm.addStream(io.nats.client.api.StreamConfiguration.builder().name(Memphis.BROKER_MARKER_STREAM)
                    .subjects("$memphis_schemaverse_inner_dls")
                    .retentionPolicy(io.nats.client.api.RetentionPolicy.WorkQueue)
                    .maxAge(java.time.Duration.ofHours(24)).storageType(io.nats.client.api.StorageType.File)
                    .build());
        }
    }

    List<JsonNode> requests(String subject) {
        List<JsonNode> out = new ArrayList<>();
        for (Request r : requests) {
            if (r.subject().equals(subject)) {
                out.add(r.body());
            }
        }
        return out;
    }

    private JsonNode record(Message m) {
        JsonNode body = WireJson.tryParse(m.getData());
        requests.add(new Request(m.getSubject(), body));
        return body;
    }

    private void answer(Message m, java.util.function.Function<JsonNode, String> handler) {
        JsonNode body = record(m);
        String reply;
        try {
            reply = handler.apply(body);
        } catch (RuntimeException e) {
            reply = e.getMessage();
        }
        nc.publish(m.getReplyTo(), reply.getBytes(StandardCharsets.UTF_8));
    }

    private String createStation(JsonNode b) {
        String name = WireJson.text(b, "name", "");
        if (name.isEmpty()) {
            return "station name can not be empty";
        }
        if (WireJson.number(b, "partitions_number", 0) == 0) {
            return "you are using an old SDK, make sure to update your SDK";
        }
        if (stations.containsKey(name)) {
            return "";
        }
        ensureStation(StationRecords.fromJson(b).options());
        return "";
    }

    private void ensureStation(StationOptions o) {
        try {
            admin.createStreams(o);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        stations.put(o.name(), o);
    }

    private String destroyStation(JsonNode b) {
        String name = WireJson.text(b, "station_name", "");
        StationOptions o = stations.remove(name);
        if (o == null) {
            return "station " + name + " does not exist";
        }
        try {
            for (int p = 1; p <= o.partitions(); p++) {
                admin.deleteStreamIfPresent(StationNames.streamName(name, p));
            }
        } catch (Exception e) {
            return e.getMessage();
        }
        return "";
    }

    /** The broker's CreateDefaultStation for producers and consumers on missing stations. */
    private StationOptions stationOrDefault(String name) {
        return stations.computeIfAbsent(name, n -> {
            StationOptions o = StationOptions.defaults(n);
            try {
                admin.createStreams(o);
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            return o;
        });
    }

    private ObjectNode registrationReply(StationOptions o) {
        ObjectNode r = WireJson.object();
        ObjectNode pu = r.putObject("partitions_update");
        var list = pu.putArray("partitions_list");
        for (int p = 1; p <= o.partitions(); p++) {
            list.add(p);
        }
        String schema = attached.get(o.name());
        if (schema != null) {
            r.set("schema_update", schemaUpdate(schema));
        } else {
            r.putObject("schema_update");
        }
        r.put("schemaverse_to_dls", o.dlsSchemaverse());
        r.put("send_notification", false);
        r.put("station_version", 2);
        r.put("error", "");
        return r;
    }

    private ObjectNode schemaUpdate(String schema) {
        List<ObjectNode> versions = schemas.get(schema);
        ObjectNode last = versions.get(versions.size() - 1);
        ObjectNode u = WireJson.object();
        u.put("schema_name", schema);
        u.put("type", last.get("type").asText());
        ObjectNode v = u.putObject("active_version");
        v.put("version_number", versions.size());
        v.put("descriptor", "");
        v.put("schema_content", last.get("schema_content").asText());
        v.put("message_struct_name", last.path("message_struct_name").asText(""));
        return u;
    }

    private String createProducer(JsonNode b) {
        StationOptions o = stationOrDefault(WireJson.text(b, "station_name", ""));
        return registrationReply(o).toString();
    }

    private String createConsumer(JsonNode b) {
        String station = WireJson.text(b, "station_name", "");
        if (station.startsWith("forbidden")) {
            return "station " + station + " is forbidden for this user"; // plain-text error, as the broker
        }
        StationOptions o = stationOrDefault(station);
        ConsumerGroupOptions g = ConsumerGroupOptions.builder()
                .maxAckTime(java.time.Duration.ofMillis(WireJson.number(b, "max_ack_time_ms", 30000)))
                .maxMsgDeliveries((int) WireJson.number(b, "max_msg_deliveries", 10))
                .startConsumeFromSequence(WireJson.number(b, "start_consume_from_sequence", 1))
                .lastMessages(WireJson.number(b, "last_messages", -1)).build();
        String group = WireJson.text(b, "consumers_group", "");
        try {
            for (int p = 1; p <= o.partitions(); p++) {
                admin.ensureDurable(StationNames.streamName(o.name(), p), group, g);
            }
        } catch (Exception e) {
            return e.getMessage();
        }
        members.put(station + "|" + WireJson.text(b, "name", ""), group);
        return registrationReply(o).toString();
    }

    private String destroyConsumer(JsonNode b) {
        // the broker deletes the group's durable when its last member leaves
        String station = WireJson.text(b, "station_name", "");
        String group = members.remove(station + "|" + WireJson.text(b, "name", ""));
        if (group == null) {
            return "consumer " + WireJson.text(b, "name", "") + " does not exist";
        }
        if (members.entrySet().stream().anyMatch(e -> e.getKey().startsWith(station + "|") && e.getValue().equals(group))) {
            return "";
        }
        StationOptions o = stations.get(station);
        try {
            for (int p = 1; p <= o.partitions(); p++) {
                admin.deleteDurable(StationNames.streamName(o.name(), p), group);
            }
        } catch (Exception e) {
            return e.getMessage();
        }
        return "";
    }

    private String createSchema(JsonNode b) {
        String name = WireJson.text(b, "name", "");
        List<ObjectNode> versions = schemas.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>());
        if (!versions.isEmpty() && !versions.get(0).get("type").asText().equals(WireJson.text(b, "type", ""))) {
            return "{\"error\":\"schema " + name + " already exists with another type\"}";
        }
        versions.add((ObjectNode) b);
        return "{\"error\":\"\"}";
    }

    private String attachSchema(JsonNode b) {
        String schema = WireJson.text(b, "name", "");
        String station = WireJson.text(b, "station_name", "");
        if (!schemas.containsKey(schema)) {
            return "schema " + schema + " does not exist";
        }
        attached.put(station, schema);
        ObjectNode update = WireJson.object();
        update.put("UpdateType", 1);
        update.set("init", schemaUpdate(schema));
        nc.publish("$memphis_schema_updates_" + StationNames.internalName(station), WireJson.bytes(update));
        return "";
    }

    private String detachSchema(JsonNode b) {
        String station = WireJson.text(b, "station_name", "");
        attached.remove(station);
        ObjectNode update = WireJson.object();
        update.put("UpdateType", 2);
        update.putObject("init").put("schema_name", "");
        nc.publish("$memphis_schema_updates_" + StationNames.internalName(station), WireJson.bytes(update));
        return "";
    }

    @Override
    public void close() throws InterruptedException {
        nc.closeDispatcher(dispatcher);
        nc.close();
    }
}
