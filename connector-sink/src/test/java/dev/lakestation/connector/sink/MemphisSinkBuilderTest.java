package dev.lakestation.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.connector.sink.serializer.MemphisSerializers;
import dev.lakestation.connector.sink.testutils.TestOptions;
import dev.lakestation.memphis.MemphisOptions;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class MemphisSinkBuilderTest {
    private static final MemphisOptions OPTIONS = TestOptions.of("localhost", 4222);

    private static MemphisSinkBuilder<String> valid() {
        return MemphisSink.<String>builder().setOptions(OPTIONS).setStation("orders")
                .setValueSerializer(MemphisSerializers.string());
    }

    @Test
    void buildsASerializableSink() throws Exception {
        MemphisSink<String> sink = valid().setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE).build();
        assertThat(InstantiationUtil.clone(sink).getDeliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(valid().build().getDeliveryGuarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
    }

    @Test
    void refusesIncompleteOrContradictorySettings() {
        assertThatThrownBy(() -> MemphisSink.<String>builder().setStation("s")
                .setValueSerializer(MemphisSerializers.string()).build()).hasMessageContaining("no broker");
        assertThatThrownBy(() -> MemphisSink.<String>builder().setOptions(OPTIONS).setStation("s").build())
                .hasMessageContaining("no serializer");
        assertThatThrownBy(() -> MemphisSink.<String>builder().setOptions(OPTIONS)
                .setValueSerializer(MemphisSerializers.string()).build()).hasMessageContaining("no station");
        assertThatThrownBy(() -> valid().setStationSelector(s -> s).build())
                .hasMessageContaining("either a station or a station selector");
        assertThatThrownBy(() -> valid().setMaxInFlight(0).build())
                .hasMessageContaining("memphis.sink.max-in-flight must be > 0");
        assertThatThrownBy(() -> valid().setConfig(MemphisSinkOptions.MAX_RETRIES, -1).build())
                .hasMessageContaining("memphis.sink.max-retries");
        assertThatThrownBy(() -> valid().setStation(".bad")).hasMessageContaining("can not start or end");
        assertThatThrownBy(() -> valid().setConfig(ConfigOptions.key("other.key").intType().noDefaultValue(), 1))
                .hasMessageContaining("not a MemphisSink option");
    }
}
