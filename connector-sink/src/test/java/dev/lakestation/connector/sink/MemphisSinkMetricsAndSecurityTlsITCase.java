package dev.lakestation.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.connector.sink.testutils.TestStations;
import dev.lakestation.connector.sink.testutils.TestStations.Stored;
import dev.lakestation.memphis.ControlPlane;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.testsupport.NatsServerExtension;
import dev.lakestation.testsupport.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sink against a nats-server that requires mutual TLS (certificates generated for this class):
 * the writer's and the committer's connections both use the client certificate from the PEM files
 * of {@link MemphisOptions.Builder#tls(String, String, String)}; without a client certificate the
 * job fails naming the broker and the missing certificate.
 */
class MemphisSinkMetricsAndSecurityTlsITCase {
    private static final int N = 300;

    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.withTls(true);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static TestStations stations;

    @BeforeAll
    static void connect() throws Exception {
        stations = new TestStations(mutualTls().toNatsOptions());
    }

    @AfterAll
    static void close() throws Exception {
        stations.close();
    }

    /** The generated server certificate is for "localhost"; the server has no auth, so any token passes. */
    private static MemphisOptions.Builder base() {
        return MemphisOptions.builder().host("localhost").port(NATS.port())
                .username("root").connectionToken("unused").timeout(Duration.ofSeconds(2))
                .controlPlane(ControlPlane.JETSTREAM);
    }

    private static MemphisOptions mutualTls() {
        TestCertificates certs = NATS.certificates();
        return base().tls(certs.clientCert().toString(), certs.clientKey().toString(), certs.caCert().toString())
                .build();
    }

    private static void run(MemphisOptions options, String station, DeliveryGuarantee guarantee) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.fromSequence(0, N - 1).map(Long::intValue).returns(Types.INT)
                .sinkTo(MemphisSink.<Integer>builder().setOptions(options).setStation(station)
                        .setDeliveryGuarantee(guarantee)
                        .setValueSerializer(i -> ("tls-" + i).getBytes(StandardCharsets.UTF_8))
                        .build());
        env.execute();
    }

    private static List<String> expected() {
        return IntStream.range(0, N).mapToObj(i -> "tls-" + i).collect(Collectors.toList());
    }

    @Test
    void atLeastOnceOverMutualTlsStoresEveryRecord() throws Exception {
        String station = "tls.alo";
        stations.create(station, 1);
        run(mutualTls(), station, DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(stations.read(station, 1)).extracting(Stored::payload).containsExactlyInAnyOrderElementsOf(expected());
    }

    @Test
    void exactlyOnceWriteAheadCommitsOverMutualTls() throws Exception {
        // the committer opens its own connection: it must carry the TLS settings too
        String station = "tls.eo";
        stations.create(station, 1);
        run(mutualTls(), station, DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(stations.read(station, 1)).extracting(Stored::payload).containsExactlyInAnyOrderElementsOf(expected());
    }

    @Test
    void withoutAClientCertificateTheJobFailsNamingBrokerAndCertificate() throws Exception {
        String station = "tls.nocert";
        stations.create(station, 1);
        MemphisOptions serverOnly = base().tls(NATS.certificates().caCert().toString()).build();
        assertThatThrownBy(() -> run(serverOnly, station, DeliveryGuarantee.AT_LEAST_ONCE))
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                        .contains("localhost:" + NATS.port()).contains("client certificate"));
        assertThat(stations.count(station, 1)).isZero();
    }
}
