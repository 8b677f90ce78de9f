package dev.lakestation.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.connector.sink.testutils.TestOptions;
import dev.lakestation.connector.sink.testutils.TestStations;
import dev.lakestation.connector.sink.testutils.TestStations.Stored;
import dev.lakestation.memphis.DeadLetterHeaders;
import dev.lakestation.memphis.Memphis;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.memphis.internal.StationNames;
import dev.lakestation.memphis.StationOptions;
import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A record the station's schema refused is dead-lettered, never produced to the station, even when
 * the schema changed between the refusal and the dead-lettering (write-ahead EXACTLY_ONCE refuses at
 * write time and dead-letters at commit, after the checkpoint). Real nats-server (JetStream control
 * plane), Flink MiniCluster, the committer's counter read from a metric reporter.
 */
class MemphisSinkSchemaDeadLetterITCase {
    private static final String ORDER_SCHEMA = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}},"
            + "\"required\":[\"id\"]}";

    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    /** Keeps the metrics of finished tasks, so the final counter of a finished job can be read. */
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static TestStations stations;

    @BeforeAll
    static void connect() throws Exception {
        stations = new TestStations(NATS.natsUrl());
    }

    @AfterAll
    static void close() throws Exception {
        stations.close();
    }

    /** Detaches the station's schema when record {@code at} passes: the records before it were refused when written. */
    static final class DetachSchemaAt extends RichMapFunction<Long, Long> {
        private final MemphisOptions options;
        private final String station;
        private final long at;
        private transient Memphis memphis;

        DetachSchemaAt(MemphisOptions options, String station, long at) {
            this.options = options;
            this.station = station;
            this.at = at;
        }

        @Override
        public void open(OpenContext context) {
            memphis = Memphis.connect(options);
        }

        @Override
        public Long map(Long value) {
            if (value == at) {
                memphis.detachSchema(station); // synchronous: done before record `at` reaches the chained sink
            }
            return value;
        }

        @Override
        public void close() {
            if (memphis != null) {
                memphis.close();
            }
        }
    }

    @Test
    void aRecordRefusedAtWriteIsOnlyDeadLetteredEvenIfTheSchemaIsDetachedBeforeTheCommit() throws Exception {
        String station = "refused.then-detached";
        int records = 20;
        int refused = 5; // records 0..4 lack the required "id"; record 5 detaches the schema
        try (Memphis memphis = Memphis.connect(TestOptions.of(NATS))) {
            memphis.createSchema("order-detached", "json", ORDER_SCHEMA);
            memphis.createStation(StationOptions.builder(station).partitions(1).schemaName("order-detached")
                    .sendSchemaFailedMessagesToDls(true).build());
        }
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        // bounded, no periodic checkpoint: the write-ahead committer commits one batch at the end, after the
        // schema is gone; validating again there would find nothing wrong and produce the refused records
        env.fromSequence(0, records - 1)
                .map(new DetachSchemaAt(TestOptions.of(NATS), station, refused)).returns(Types.LONG)
                .sinkTo(MemphisSink.<Long>builder().setOptions(TestOptions.of(NATS)).setStation(station)
                        .setValueSerializer(i -> (i < refused ? "{\"name\":\"bad-" + i + "\"}" : "{\"id\":" + i + "}")
                                .getBytes(StandardCharsets.UTF_8))
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setConfig(MemphisSinkOptions.SCHEMA_VALIDATION, true)
                        .setConfig(MemphisSinkOptions.SCHEMA_FAILURE_ACTION,
                                MemphisSinkOptions.SchemaFailureAction.DEAD_LETTER)
                        .build());
        JobID job = env.execute("refused, then the schema detached").getJobID();

        List<String> stored = stations.read(station, 1).stream().map(Stored::payload).collect(Collectors.toList());
        assertThat(stored).as("the station holds the valid records only")
                .containsExactlyInAnyOrderElementsOf(IntStream.range(refused, records)
                        .mapToObj(i -> "{\"id\":" + i + "}").collect(Collectors.toList()));
        List<MessageInfo> dead = deadLetters(station);
        assertThat(dead).extracting(m -> new String(m.getData(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, refused)
                        .mapToObj(i -> "{\"name\":\"bad-" + i + "\"}").collect(Collectors.toList()));
        assertThat(dead).allSatisfy(m -> assertThat(m.getHeaders().getFirst(DeadLetterHeaders.TYPE))
                .isEqualTo(DeadLetterHeaders.TYPE_SCHEMA));
        assertThat(committerCount(job, "numRecordsDeadLettered")).isEqualTo(refused);
    }

    private static List<MessageInfo> deadLetters(String station) throws Exception {
        String stream = StationNames.dlsStreamName(station);
        JetStreamManagement jsm = stations.connection().jetStreamManagement();
        long last = jsm.getStreamInfo(stream).getStreamState().getLastSequence();
        List<MessageInfo> out = new ArrayList<>();
        for (long seq = 1; seq <= last; seq++) {
            out.add(jsm.getMessage(stream, seq));
        }
        return out;
    }

    private static long committerCount(JobID job, String name) {
        Map<String, Metric> all = METRICS.findMetrics(job, name);
        List<Metric> found = all.entrySet().stream()
                .filter(e -> e.getKey().contains("Committer") && e.getKey().endsWith("." + name))
                .map(Map.Entry::getValue).collect(Collectors.toList());
        assertThat(found).as("metric %s of the committer in job %s (all: %s)", name, job, all.keySet()).hasSize(1);
        return ((Counter) found.get(0)).getCount();
    }
}
