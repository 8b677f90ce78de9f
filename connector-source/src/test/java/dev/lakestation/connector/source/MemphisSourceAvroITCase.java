package dev.lakestation.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.connector.source.deserializer.AvroEncoding;
import dev.lakestation.connector.source.deserializer.MemphisDeserializers;
import dev.lakestation.connector.source.deserializer.TestOrder;
import dev.lakestation.memphis.internal.StationNames;
import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Avro-encoded stations read into a specific record class through a MiniCluster job. */
class MemphisSourceAvroITCase {
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @ParameterizedTest
    @EnumSource(AvroEncoding.class)
    void avroSpecificReadsEveryMessageIntoTheRecordClass(AvroEncoding encoding) throws Exception {
        String station = "avro." + encoding.name().toLowerCase();
        List<TestOrder> expected = new ArrayList<>();
        try (Connection nc = TestStations.connect(NATS)) {
            TestStations.createStation(nc, station, 2);
            for (int i = 0; i < 100; i++) {
                TestOrder o = new TestOrder("order-" + i, i, i * 1.5, i % 2 == 0 ? null : "note " + i);
                expected.add(o);
                nc.jetStream().publish(StationNames.dataSubject(station, 1 + i % 2),
                        o.encode(encoding));
            }
        }
        MemphisSource<TestOrder> source = MemphisSource.<TestOrder>builder()
                .setOptions(TestStations.options(NATS))
                .setStations(station)
                .setConsumerGroup("avro-readers")
                .setDeserializer(MemphisDeserializers.avroSpecific(TestOrder.class, encoding))
                .setBounded()
                .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(200);
        List<TestOrder> read = new ArrayList<>();
        // the records cross the collect sink with the produced type's (Avro) serializer
        try (CloseableIterator<TestOrder> it = env.fromSource(source, WatermarkStrategy.noWatermarks(), "memphis")
                .executeAndCollect()) {
            it.forEachRemaining(read::add);
        }
        assertThat(read).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(read).allSatisfy(o -> assertThat(o).isExactlyInstanceOf(TestOrder.class));
        try (Connection nc = TestStations.connect(NATS)) {
            long deadLetters = nc.jetStreamManagement().getStreamNames().contains(StationNames.dlsStreamName(station))
                    ? nc.jetStreamManagement().getStreamInfo(StationNames.dlsStreamName(station)).getStreamState()
                            .getMsgCount()
                    : 0;
            assertThat(deadLetters).as("dead letters").isZero();
        }
    }
}
