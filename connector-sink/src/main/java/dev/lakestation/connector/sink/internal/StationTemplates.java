package dev.lakestation.connector.sink.internal;

import org.apache.flink.annotation.Internal;
import dev.lakestation.memphis.StationOptions;

/** Applies the auto-create template's settings to any station name (for per-record station selection). */
@Internal
final class StationTemplates {
    private StationTemplates() {}

    static StationOptions forStation(StationOptions template, String station) {
        if (template.name().equals(station)) {
            return template;
        }
        StationOptions.Builder b = StationOptions.builder(station)
                .retention(template.retentionType(), template.retentionValue())
                .storageType(template.storageType())
                .replicas(template.replicas())
                .idempotencyWindowMs(template.idempotencyWindowMs())
                .sendPoisonMessagesToDls(template.dlsPoison())
                .sendSchemaFailedMessagesToDls(template.dlsSchemaverse())
                .tieredStorage(template.tieredStorage())
                .partitions(template.partitions());
        if (template.schemaName() != null && !template.schemaName().isEmpty()) {
            b.schemaName(template.schemaName());
        }
        if (template.dlsStation() != null && !template.dlsStation().isEmpty()) {
            b.dlsStation(template.dlsStation());
        }
        return b.build();
    }
}
