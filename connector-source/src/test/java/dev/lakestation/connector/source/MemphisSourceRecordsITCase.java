package dev.lakestation.connector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.connector.source.deserializer.MemphisDeserializationSchema;
import dev.lakestation.connector.source.deserializer.MemphisDeserializers;
import dev.lakestation.memphis.DeadLetterHeaders;
import dev.lakestation.memphis.Memphis;
import dev.lakestation.memphis.PartitionKeys;
import dev.lakestation.memphis.ProduceOptions;
import dev.lakestation.memphis.Producer;
import dev.lakestation.memphis.internal.StationNames;
import dev.lakestation.memphis.StationOptions;
import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Record-level behaviour: partition keys, metadata, dead letters, failing on bad records. */
class MemphisSourceRecordsITCase {
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    /** Emits {@code payload|partition|sequence|deliveries|header}. */
    static final class Describe implements MemphisDeserializationSchema<String> {
        @Override
        public void deserialize(MemphisRecord r, Collector<String> out) {
            out.collect(new String(r.data()) + "|" + r.partition() + "|" + r.sequence() + "|" + r.deliveryCount()
                    + "|" + r.header("tenant") + "|" + (r.timeSentMillis() > 0));
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }
    }

    private static <T> List<T> readBounded(MemphisSource<T> source, int parallelism) throws Exception {
        org.apache.flink.configuration.Configuration conf = new org.apache.flink.configuration.Configuration();
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(200);
        List<T> out = new ArrayList<>();
        try (CloseableIterator<T> it = env.fromSource(source, WatermarkStrategy.noWatermarks(), "memphis")
                .executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void messagesProducedWithAPartitionKeyAreReadFromThePartitionTheKeyMapsTo() throws Exception {
        List<String> keys = new ArrayList<>();
        try (Memphis memphis = Memphis.connect(TestStations.options(NATS))) {
            memphis.createStation(StationOptions.builder("keyed.orders").partitions(4).build());
            try (Producer producer = memphis.producer("keyed.orders", "key-producer")) {
                for (int i = 0; i < 200; i++) {
                    String key = "customer-" + i;
                    keys.add(key);
                    producer.produce(key, ProduceOptions.builder().partitionKey(key)
                            .headers(java.util.Map.of("tenant", "t" + (i % 3))).build());
                }
            }
        }
        MemphisSource<String> source = MemphisSource.<String>builder()
                .setOptions(TestStations.options(NATS))
                .setStations("keyed.orders")
                .setConsumerGroup("keyed-readers")
                .setDeserializer(new Describe())
                .setBounded()
                .build();
        List<String> rows = readBounded(source, 2);
        assertThat(rows).hasSize(200);
        List<Integer> partitions = List.of(1, 2, 3, 4);
        for (String row : rows) {
            String[] f = row.split("\\|");
            String key = f[0];
            assertThat(Integer.parseInt(f[1])).as("partition of key %s", key)
                    .isEqualTo(PartitionKeys.partitionFor(key, partitions));
            assertThat(Long.parseLong(f[2])).isPositive();
            assertThat(f[3]).isEqualTo("1");
            assertThat(f[4]).isEqualTo("t" + (Integer.parseInt(key.substring("customer-".length())) % 3));
            assertThat(f[5]).isEqualTo("true");
        }
        assertThat(rows.stream().map(r -> r.split("\\|")[1]).distinct()).hasSize(4);
    }

    /** A plain POJO for the JSON deserializer. */
    public static final class Order {
        public String id;
        public int qty;

        @Override
        public String toString() {
            return id + ":" + qty;
        }
    }

    @Test
    void undeserializableRecordsAreDeadLetteredWithTheReasonAndCounted() throws Exception {
        String station = "records.dls";
        try (Connection nc = TestStations.connect(NATS)) {
            TestStations.createStation(nc, station, 1);
            TestStations.publish(nc, station, 1, List.of("{\"id\":\"a\",\"qty\":1}", "not json",
                    "{\"id\":\"b\",\"qty\":2}", "{\"id\":\"c\",\"qty\":\"many\"}", "{\"id\":\"d\",\"qty\":4}"));
            MemphisSource<Order> source = MemphisSource.<Order>builder()
                    .setOptions(TestStations.options(NATS))
                    .setStations(station)
                    .setConsumerGroup("dls-readers")
                    .setDeserializer(MemphisDeserializers.json(Order.class))
                    .setBounded()
                    .build();
            List<String> orders = readBounded(source, 1).stream().map(Order::toString).toList();
            assertThat(orders).containsExactly("a:1", "b:2", "d:4");

            String dlsStream = StationNames.dlsStreamName(station);
            assertThat(nc.jetStreamManagement().getStreamInfo(dlsStream).getStreamState().getMsgCount()).isEqualTo(2);
            JetStreamSubscription sub = nc.jetStream().subscribe(StationNames.dlsSubject(station, "nacked"),
                    PullSubscribeOptions.builder().configuration(ConsumerConfiguration.builder().build()).build());
            List<Message> letters = sub.fetch(10, Duration.ofSeconds(2));
            assertThat(letters).hasSize(2);
            assertThat(new String(letters.get(0).getData())).isEqualTo("not json");
            assertThat(letters.get(0).getHeaders().getFirst(DeadLetterHeaders.SEQUENCE)).isEqualTo("2");
            assertThat(letters.get(0).getHeaders().getFirst(DeadLetterHeaders.PARTITION)).isEqualTo("1");
            assertThat(letters.get(0).getHeaders().getFirst(DeadLetterHeaders.STATION)).isEqualTo(station);
            assertThat(letters.get(0).getHeaders().getFirst(DeadLetterHeaders.REASON)).startsWith("deserialization failed");
            assertThat(letters.get(1).getHeaders().getFirst(DeadLetterHeaders.SEQUENCE)).isEqualTo("4");
            assertThat(letters.get(1).getHeaders().getFirst(DeadLetterHeaders.REASON)).contains("many");
            assertThat(TestStations.consumerInfo(nc, station, 1, "dls-readers").getAckFloor().getStreamSequence())
                    .as("bad records are acked once dead-lettered").isEqualTo(5);
        }
    }

    /** Emits every payload; asks for a dead letter of those starting with "bad" (a value a later step rejects). */
    static final class FlagBad implements MemphisDeserializationSchema<String> {
        @Override
        public void deserialize(MemphisRecord r, Collector<String> out) {
            out.collect(new String(r.data()));
        }

        @Override
        public String deadLetterReason(String value) {
            return value.startsWith("bad") ? "rejected:\n" + value : null;
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }
    }

    @Test
    void recordsWithADeadLetterReasonAreEmittedAndDeadLettered() throws Exception {
        String station = "records.flagged";
        try (Connection nc = TestStations.connect(NATS)) {
            TestStations.createStation(nc, station, 1);
            TestStations.publish(nc, station, 1, List.of("ok-1", "bad-2", "ok-3", "bad-4"));
            MemphisSource<String> source = MemphisSource.<String>builder()
                    .setOptions(TestStations.options(NATS))
                    .setStations(station)
                    .setConsumerGroup("flag-readers")
                    .setDeserializer(new FlagBad())
                    .setBounded()
                    .build();
            assertThat(readBounded(source, 1)).containsExactly("ok-1", "bad-2", "ok-3", "bad-4");

            JetStreamSubscription sub = nc.jetStream().subscribe(StationNames.dlsSubject(station, "nacked"),
                    PullSubscribeOptions.builder().configuration(ConsumerConfiguration.builder().build()).build());
            List<Message> letters = sub.fetch(10, Duration.ofSeconds(2));
            assertThat(letters).extracting(m -> new String(m.getData())).containsExactly("bad-2", "bad-4");
            assertThat(letters).extracting(m -> m.getHeaders().getFirst(DeadLetterHeaders.SEQUENCE))
                    .containsExactly("2", "4");
            assertThat(letters.get(0).getHeaders().getFirst(DeadLetterHeaders.REASON))
                    .as("line ends folded").isEqualTo("rejected: bad-2");
            assertThat(TestStations.consumerInfo(nc, station, 1, "flag-readers").getAckFloor().getStreamSequence())
                    .isEqualTo(4);
        }
    }

    @Test
    void failModeFailsTheJobNamingStationPartitionAndSequence() throws Exception {
        String station = "records.fail";
        try (Connection nc = TestStations.connect(NATS)) {
            TestStations.createStation(nc, station, 1);
            TestStations.publish(nc, station, 1, List.of("{\"id\":\"a\",\"qty\":1}", "{broken"));
        }
        MemphisSource<Order> source = MemphisSource.<Order>builder()
                .setOptions(TestStations.options(NATS))
                .setStations(station)
                .setConsumerGroup("strict-readers")
                .setDeserializer(MemphisDeserializers.json(Order.class))
                .setDeserializationFailureMode(DeserializationFailureMode.FAIL)
                .setBounded()
                .build();
        assertThatThrownBy(() -> readBounded(source, 1))
                .satisfies(e -> assertThat(rootCauseChain(e))
                        .contains("Cannot deserialize station 'records.fail' partition 1 sequence 2"));
    }

    private static String rootCauseChain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }

    @Test
    void stationPatternReadsEveryMatchingStation() throws Exception {
        try (Connection nc = TestStations.connect(NATS)) {
            TestStations.createStation(nc, "pattern.eu", 2);
            TestStations.createStation(nc, "pattern.us", 1);
            TestStations.createStation(nc, "other.station", 1);
            TestStations.publish(nc, "pattern.eu", 1, TestStations.values("eu1", 10));
            TestStations.publish(nc, "pattern.eu", 2, TestStations.values("eu2", 10));
            TestStations.publish(nc, "pattern.us", 1, TestStations.values("us1", 10));
            TestStations.publish(nc, "other.station", 1, TestStations.values("other", 10));
        }
        MemphisSource<String> source = MemphisSource.<String>builder()
                .setOptions(TestStations.options(NATS))
                .setStationPattern("pattern\\..*")
                .setConsumerGroup("pattern-readers")
                .setDeserializer(MemphisDeserializers.string())
                .setBounded()
                .build();
        List<String> expected = new ArrayList<>(TestStations.values("eu1", 10));
        expected.addAll(TestStations.values("eu2", 10));
        expected.addAll(TestStations.values("us1", 10));
        assertThat(readBounded(source, 2)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void startingPositionLastMessagesAndStopAtSequence() throws Exception {
        try (Connection nc = TestStations.connect(NATS)) {
            TestStations.createStation(nc, "positions", 1);
            TestStations.publish(nc, "positions", 1, TestStations.values("m", 20));
        }
        MemphisSource<String> last5 = MemphisSource.<String>builder()
                .setOptions(TestStations.options(NATS))
                .setStations("positions")
                .setConsumerGroup("last-five")
                .setStartingPosition(StartingPosition.lastMessages(5))
                .setDeserializer(MemphisDeserializers.string())
                .setBounded()
                .build();
        assertThat(readBounded(last5, 1)).containsExactly("m-15", "m-16", "m-17", "m-18", "m-19");
        MemphisSource<String> window = MemphisSource.<String>builder()
                .setOptions(TestStations.options(NATS))
                .setStations("positions")
                .setConsumerGroup("window")
                .setStartingPosition(StartingPosition.sequence(3))
                .setDeserializer(MemphisDeserializers.string())
                .setBounded(StopCondition.sequence(6))
                .build();
        assertThat(readBounded(window, 1)).containsExactly("m-2", "m-3", "m-4", "m-5");
    }

    private static MemphisSource<String> positioned(String station, String group, StartingPosition start,
            StopCondition stop) {
        return MemphisSource.<String>builder()
                .setOptions(TestStations.options(NATS))
                .setStations(station)
                .setConsumerGroup(group)
                .setStartingPosition(start)
                .setDeserializer(MemphisDeserializers.string())
                .setBounded(stop)
                .build();
    }

    /** Waits until the wall clock passed {@code millis}, so later messages carry a later time sent. */
    private static long clockAfter(long millis) throws Exception {
        TestStations.await(Duration.ofSeconds(30), "the clock to advance", () -> System.currentTimeMillis() > millis);
        return System.currentTimeMillis();
    }

    @Test
    void startingPositionsEarliestLatestTimestampAndGroupAndStopAtTimestamp() throws Exception {
        String station = "positions.all";
        long secondBatchFrom;
        try (Connection nc = TestStations.connect(NATS)) {
            TestStations.createStation(nc, station, 1);
            TestStations.publish(nc, station, 1, TestStations.values("a", 5));
            secondBatchFrom = clockAfter(System.currentTimeMillis() + 1);
            TestStations.publish(nc, station, 1, TestStations.values("b", 5));
        }
        List<String> all = new ArrayList<>(TestStations.values("a", 5));
        all.addAll(TestStations.values("b", 5));

        assertThat(readBounded(positioned(station, "earliest", StartingPosition.earliest(), StopCondition.latestAtStart()), 1))
                .as("EARLIEST").containsExactlyElementsOf(all);
        assertThat(readBounded(positioned(station, "latest", StartingPosition.latest(), StopCondition.latestAtStart()), 1))
                .as("LATEST: only messages produced after the group was created").isEmpty();
        assertThat(readBounded(positioned(station, "by-time", StartingPosition.timestamp(secondBatchFrom),
                StopCondition.latestAtStart()), 1))
                .as("TIMESTAMP").containsExactlyElementsOf(TestStations.values("b", 5));
        assertThat(readBounded(positioned(station, "until-time", StartingPosition.earliest(),
                StopCondition.timestamp(secondBatchFrom - 1)), 1))
                .as("stop at TIMESTAMP (inclusive)").containsExactlyElementsOf(TestStations.values("a", 5));

        // GROUP: the "earliest" group acked all ten; it continues after them.
        try (Connection nc = TestStations.connect(NATS)) {
            TestStations.publish(nc, station, 1, TestStations.values("c", 3));
            ConsumerConfiguration cc = TestStations.consumerInfo(nc, station, 1, "earliest").getConsumerConfiguration();
            assertThat(cc.getMaxAckPending()).as("group durable must not cap unacked messages")
                    .satisfiesAnyOf(v -> assertThat(v).isEqualTo(-1), v -> assertThat(v).isGreaterThanOrEqualTo(Integer.MAX_VALUE));
        }
        assertThat(readBounded(positioned(station, "earliest", StartingPosition.groupPosition(), StopCondition.latestAtStart()), 1))
                .as("GROUP continues from the group's acks").containsExactlyElementsOf(TestStations.values("c", 3));
    }

    @Test
    void partitionsAddedWhileRunningAreDiscovered() throws Exception {
        String station = "records.growing";
        try (Connection nc = TestStations.connect(NATS)) {
            TestStations.createStation(nc, station, 1);
            TestStations.publish(nc, station, 1, TestStations.values("first", 10));
        }
        Thread grower = new Thread(() -> {
            try (Connection nc = TestStations.connect(NATS)) {
                // once the job created the group on partition 1, the station grows a partition
                TestStations.await(Duration.ofSeconds(60), "the job's consumer group", () -> {
                    try {
                        TestStations.consumerInfo(nc, station, 1, "growing-readers");
                        return true;
                    } catch (io.nats.client.JetStreamApiException notYet) {
                        return false;
                    }
                });
                TestStations.addPartition(nc, station, 2);
                TestStations.publish(nc, station, 2, TestStations.values("second", 10));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        grower.start();
        MemphisSource<String> source = MemphisSource.<String>builder()
                .setOptions(TestStations.options(NATS))
                .setStations(station)
                .setConsumerGroup("growing-readers")
                .setPartitionDiscoveryInterval(Duration.ofMillis(300))
                .setDeserializer(MemphisDeserializers.string())
                .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(200);
        List<String> rows = env.fromSource(source, WatermarkStrategy.noWatermarks(), "memphis").executeAndCollect(20);
        grower.join();
        List<String> expected = new ArrayList<>(TestStations.values("first", 10));
        expected.addAll(TestStations.values("second", 10));
        assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
    }
}
