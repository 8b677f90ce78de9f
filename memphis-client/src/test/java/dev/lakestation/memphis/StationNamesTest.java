package dev.lakestation.memphis;

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
    void rejectsInvalidNamesWithTheRule() {
        assertThatThrownBy(() -> StationNames.validate("station", "")).hasMessageContaining("empty");
        assertThatThrownBy(() -> StationNames.validate("station", "a b")).hasMessageContaining("only letters");
        assertThatThrownBy(() -> StationNames.validate("station", "_abc")).hasMessageContaining("start or end");
        assertThatThrownBy(() -> StationNames.validate("station", "x".repeat(129))).hasMessageContaining("128");
    }
}
