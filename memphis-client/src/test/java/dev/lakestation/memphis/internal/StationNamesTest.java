package dev.lakestation.memphis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StationNamesTest {
    @Test
    void mapsNamesLikeTheBroker() {
        assertThat(StationNames.internalName("Orders.EU")).isEqualTo("orders#eu");
        assertThat(StationNames.streamName("orders.eu", 2)).isEqualTo("orders#eu$2");
        assertThat(StationNames.dataSubject("orders.eu", 2)).isEqualTo("orders#eu$2.final");
        assertThat(StationNames.dataSubject("legacy", StationNames.LEGACY)).isEqualTo("legacy.final");
        assertThat(StationNames.partitionOf("orders#eu$12")).isEqualTo(12);
        assertThat(StationNames.partitionOf("orders#eu")).isEqualTo(StationNames.LEGACY);
        assertThat(StationNames.validate("station", "Orders.EU-1")).isEqualTo("orders.eu-1");
    }

    @Test
    void parsesStreamNamesIntoStationPartitions() {
        assertThat(StationNames.parse("orders#eu$3")).isEqualTo(new StationNames.StreamPartition("orders.eu", 3));
        assertThat(StationNames.parse("legacy")).isEqualTo(new StationNames.StreamPartition("legacy", StationNames.LEGACY));
        assertThat(StationNames.parse("orders$dls")).as("the client's dead-letter stream").isNull();
        assertThat(StationNames.parse("KV_memphis_stations")).isNull();
        assertThat(StationNames.parse("OBJ_files")).isNull();
        assertThat(StationNames.parse("$memphis_dls_schemaverse")).isNull();
    }

    @Test
    void rejectsInvalidNamesWithTheRule() {
        assertThatThrownBy(() -> StationNames.validate("station", "")).hasMessageContaining("empty");
        assertThatThrownBy(() -> StationNames.validate("station", "a b")).hasMessageContaining("only letters");
        assertThatThrownBy(() -> StationNames.validate("station", "_abc")).hasMessageContaining("start or end");
        assertThatThrownBy(() -> StationNames.validate("station", "x".repeat(129))).hasMessageContaining("128");
    }
}
