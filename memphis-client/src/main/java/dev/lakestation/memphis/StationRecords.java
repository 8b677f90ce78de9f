package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.Internal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Station metadata as JSON, with the broker's field names (those of a station creation request plus
 * {@code partitions_list}). It is the value of a station's key in the {@code memphis_stations} bucket
 * and the body of {@code $memphis_station_creations}.
 */
@Internal
final class StationRecords {
    private StationRecords() {}

    /** The {@code $memphis_station_creations} request body. */
    static ObjectNode creationRequest(StationOptions o, String username) {
        ObjectNode n = WireJson.object();
        n.put("name", o.name());
        n.put("retention_type", o.retentionType().wire());
        n.put("retention_value", o.retentionValue());
        n.put("storage_type", o.storageType().wire());
        n.put("replicas", o.replicas());
        n.put("idempotency_window_in_ms", o.idempotencyWindowMs());
        n.put("schema_name", o.schemaName());
        ObjectNode dls = n.putObject("dls_configuration");
        dls.put("poison", o.dlsPoison());
        dls.put("schemaverse", o.dlsSchemaverse());
        n.put("username", username);
        n.put("tiered_storage_enabled", o.tieredStorage());
        n.put("partitions_number", o.partitions());
        n.put("dls_station", o.dlsStation());
        return n;
    }

    static byte[] toBytes(StationInfo info, String username) {
        ObjectNode n = creationRequest(info.options(), username);
        ArrayNode list = n.putArray("partitions_list");
        info.partitions().forEach(list::add);
        n.put("version", info.isLegacy() ? 0 : 2);
        return WireJson.bytes(n);
    }

    static StationInfo fromJson(JsonNode n) {
        StationOptions.Builder b = StationOptions.builder(WireJson.text(n, "name", ""))
                .retention(RetentionType.fromWire(WireJson.text(n, "retention_type", "message_age_sec")),
                        WireJson.number(n, "retention_value", 3600))
                .storageType(StorageType.fromWire(WireJson.text(n, "storage_type", "file")))
                .replicas((int) WireJson.number(n, "replicas", 1))
                .idempotencyWindowMs(WireJson.number(n, "idempotency_window_in_ms", 120_000))
                .schemaName(WireJson.text(n, "schema_name", ""))
                .dlsStation(WireJson.text(n, "dls_station", ""))
                .tieredStorage(WireJson.bool(n, "tiered_storage_enabled", false))
                .partitions(Math.max(1, (int) WireJson.number(n, "partitions_number", 1)));
        JsonNode dls = WireJson.field(n, "dls_configuration");
        b.sendPoisonMessagesToDls(WireJson.bool(dls, "poison", true));
        b.sendSchemaFailedMessagesToDls(WireJson.bool(dls, "schemaverse", true));
        List<Integer> partitions = new ArrayList<>();
        JsonNode list = WireJson.field(n, "partitions_list");
        if (list != null && list.isArray()) {
            list.forEach(p -> partitions.add(p.asInt()));
        }
        return new StationInfo(b.build(), partitions);
    }
}
