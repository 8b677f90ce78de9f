package dev.lakestation.connector.source;

import dev.lakestation.memphis.ControlPlane;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.memphis.StationOptions;
import dev.lakestation.memphis.internal.DurableStart;
import dev.lakestation.memphis.internal.JetStreamAdmin;
import dev.lakestation.memphis.internal.StationNames;
import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.PublishAck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Test helpers: stations made of JetStream streams exactly as Memphis lays them out (memphis-client's
 * {@link JetStreamAdmin}, the layout's one home), plus waits.
 */
public final class TestStations {
    private TestStations() {}

    public static MemphisOptions options(NatsServerExtension nats) {
        return MemphisOptions.builder().host(nats.host()).port(nats.port()).username("root")
                .connectionToken("memphis").controlPlane(ControlPlane.JETSTREAM).build();
    }

    public static Connection connect(NatsServerExtension nats) throws Exception {
        return Nats.connect(nats.natsUrl());
    }

    public static void createStation(Connection nc, String station, int partitions) throws Exception {
        for (int p = 1; p <= partitions; p++) {
            addPartition(nc, station, p);
        }
    }

    public static void addPartition(Connection nc, String station, int p) throws Exception {
        admin(nc).addStreamIfMissing(JetStreamAdmin.streamConfig(StationOptions.defaults(station), p));
    }

    private static JetStreamAdmin admin(Connection nc) throws Exception {
        return new JetStreamAdmin(nc, io.nats.client.JetStreamOptions.DEFAULT_JS_OPTIONS);
    }

    /** Publishes {@code values} to one partition and waits for all PubAcks. */
    public static void publish(Connection nc, String station, int p, List<String> values) throws Exception {
        JetStream js = nc.jetStream();
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
        String subject = StationNames.dataSubject(station, p);
        for (String v : values) {
            acks.add(js.publishAsync(subject, v.getBytes(StandardCharsets.UTF_8)));
        }
        for (CompletableFuture<PublishAck> a : acks) {
            a.get();
        }
    }

    /** The durable of {@code group} on every partition, configured as Memphis (and the source) do. */
    public static void createGroup(Connection nc, String station, int partitions, String group, Duration ackWait)
            throws Exception {
        for (int p = 1; p <= partitions; p++) {
            admin(nc).ensureDurable(StationNames.streamName(station, p), group, DurableStart.all(), ackWait, 10);
        }
    }

    /**
     * The durable of {@code group} as a plain jnats client makes it when asked for max-ack-pending -1: jnats
     * drops the value and the server applies its default cap of 1000 — a group made by another tool.
     */
    public static void createCappedGroup(Connection nc, String station, int partitions, String group,
            Duration ackWait) throws Exception {
        for (int p = 1; p <= partitions; p++) {
            nc.jetStreamManagement().addOrUpdateConsumer(StationNames.streamName(station, p),
                    io.nats.client.api.ConsumerConfiguration.builder()
                            .durable(StationNames.durableName(group))
                            .filterSubject(StationNames.dataSubject(station, p))
                            .ackPolicy(io.nats.client.api.AckPolicy.Explicit)
                            .ackWait(ackWait).maxDeliver(10).maxAckPending(-1)
                            .deliverPolicy(io.nats.client.api.DeliverPolicy.All)
                            .build());
        }
    }

    public static ConsumerInfo consumerInfo(Connection nc, String station, int p, String group) throws Exception {
        return nc.jetStreamManagement().getConsumerInfo(StationNames.streamName(station, p),
                StationNames.durableName(group));
    }

    public static List<String> values(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + "-" + i);
        }
        return out;
    }

    /** Waits for a condition with a deadline; fails with {@code what} when it does not hold in time. */
    public static void await(Duration timeout, String what, CheckedCondition condition) throws Exception {
        dev.lakestation.testsupport.Await.until(timeout, what, condition::test);
    }

    public interface CheckedCondition {
        boolean test() throws Exception;
    }

    public static BooleanSupplier unchecked(CheckedCondition c) {
        return () -> {
            try {
                return c.test();
            } catch (Exception e) {
                return false;
            }
        };
    }

    /** The REST address of a test MiniCluster, for {@link dev.lakestation.testsupport.FlinkJobFailures}. */
    public static String restUrl(org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment flink) {
        org.apache.flink.connector.testframe.environment.TestEnvironment.Endpoint e = flink.getRestEndpoint();
        return "http://" + e.getAddress() + ":" + e.getPort();
    }

    /**
     * A MiniCluster job environment for failure tests: checkpoints every 100 ms, fixed-delay restarts
     * (200 ms apart, at most {@code restarts}), the given parallelism.
     */
    public static org.apache.flink.streaming.api.environment.StreamExecutionEnvironment restartingEnvironment(
            org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment flink, int parallelism,
            int restarts) {
        org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env = flink.createExecutionEnvironment(
                org.apache.flink.connector.testframe.environment.TestEnvironmentSettings.builder().build());
        org.apache.flink.configuration.Configuration conf = new org.apache.flink.configuration.Configuration();
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restarts);
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                Duration.ofMillis(200));
        env.configure(conf);
        env.enableCheckpointing(100);
        env.setParallelism(parallelism);
        return env;
    }
}
