package dev.lakestation.connector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.connector.source.deserializer.MemphisDeserializers;
import dev.lakestation.connector.source.internal.MemphisSourceSettings;
import java.time.Duration;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class MemphisSourceBuilderTest {

    private static MemphisSourceBuilder<String> valid() {
        return MemphisSource.<String>builder()
                .setServer("broker", 6666)
                .setCredentials("app", "token")
                .setStations("orders.eu")
                .setConsumerGroup("billing")
                .setDeserializer(MemphisDeserializers.string());
    }

    @Test
    void typedSettersAndConfigOptionsEndUpInTheSettings() {
        MemphisSource<String> source = valid()
                .setStartingPosition(StartingPosition.lastMessages(10))
                .setBounded(StopCondition.sequence(500))
                .setConfig(MemphisSourceOptions.FETCH_BATCH_SIZE, 2000)
                .setMaxAckTime(Duration.ofMinutes(2))
                .build();
        MemphisSourceSettings s = source.settings();
        assertThat(s.connection.host()).isEqualTo("broker");
        assertThat(s.connection.port()).isEqualTo(6666);
        assertThat(s.stations).containsExactly("orders.eu");
        assertThat(s.durableName()).isEqualTo("billing");
        assertThat(s.startingPosition).isEqualTo(StartingPosition.lastMessages(10));
        assertThat(s.stopCondition).isEqualTo(StopCondition.sequence(500));
        assertThat(s.fetchBatchSize).isEqualTo(2000);
        assertThat(s.maxAckTime).isEqualTo(Duration.ofMinutes(2));
        assertThat(source.getBoundedness()).isEqualTo(Boundedness.BOUNDED);
        assertThat(valid().build().getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
    }

    @Test
    void everythingCanComeFromAConfiguration() {
        Configuration conf = new Configuration();
        conf.setString("memphis.source.host", "h");
        conf.setString("memphis.source.port", "7000");
        conf.setString("memphis.source.username", "u");
        conf.setString("memphis.source.password", "p");
        conf.setString("memphis.source.stations", "a;b");
        conf.setString("memphis.source.consumer-group", "G.One");
        conf.setString("memphis.source.starting-position", "TIMESTAMP");
        conf.setString("memphis.source.starting-position.value", "1700000000000");
        conf.setString("memphis.source.ack.mode", "AFTER_EMIT");
        MemphisSourceSettings s = MemphisSource.<String>builder().setConfig(conf)
                .setDeserializer(MemphisDeserializers.string()).build().settings();
        assertThat(s.stations).containsExactly("a", "b");
        assertThat(s.consumerGroup).isEqualTo("g.one");
        assertThat(s.durableName()).isEqualTo("g#one");
        assertThat(s.connection.hasPassword()).isTrue();
        assertThat(s.startingPosition).isEqualTo(StartingPosition.timestamp(1_700_000_000_000L));
        assertThat(s.ackMode).isEqualTo(AckMode.AFTER_EMIT);
    }

    @Test
    void invalidCombinationsFailWithTheOptionName() {
        assertThatThrownBy(() -> valid().setDeserializer(null).build()).hasMessageContaining("no deserializer");
        assertThatThrownBy(() -> MemphisSource.<String>builder().setServer("h", 1).setCredentials("u", "t")
                .setConsumerGroup("g").setDeserializer(MemphisDeserializers.string()).build())
                .hasMessageContaining("memphis.source.stations");
        assertThatThrownBy(() -> valid().setConfig(MemphisSourceOptions.CONSUMER_GROUP, "_bad").build())
                .hasMessageContaining("memphis.source.consumer-group");
        assertThatThrownBy(() -> valid().setConfig(MemphisSourceOptions.MAX_MSG_DELIVERIES, 11).build())
                .hasMessageContaining("memphis.source.max-msg-deliveries");
        assertThatThrownBy(() -> valid().setConfig(MemphisSourceOptions.FETCH_BATCH_SIZE, 0).build())
                .hasMessageContaining("memphis.source.fetch.batch-size");
        assertThatThrownBy(() -> valid().setStationPattern("(").build())
                .hasMessageContaining("memphis.source.station-pattern");
        assertThatThrownBy(() -> valid().setConfig(MemphisSourceOptions.STARTING_POSITION,
                StartingPosition.Kind.SEQUENCE).build()).hasMessageContaining("memphis.source.starting-position.value");
        assertThatThrownBy(() -> valid().setMaxAckTime(Duration.ofMillis(10)).build())
                .hasMessageContaining("memphis.source.max-ack-time");
        assertThatThrownBy(() -> MemphisSource.<String>builder().setServer("h", 1).setStations("s")
                .setConsumerGroup("g").setDeserializer(MemphisDeserializers.string()).build())
                .hasMessageContaining("invalid connection settings");
        assertThatThrownBy(() -> MemphisSource.<String>builder().setStations("s").setConsumerGroup("g")
                .setDeserializer(MemphisDeserializers.string()).build()).hasMessageContaining("no broker");
    }
}
