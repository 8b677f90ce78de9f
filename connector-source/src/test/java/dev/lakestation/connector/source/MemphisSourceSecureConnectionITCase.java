package dev.lakestation.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.connector.source.deserializer.MemphisDeserializers;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.testsupport.NatsServer;
import dev.lakestation.testsupport.TestCertificates;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The source connects with password credentials, server-verified TLS and mutual TLS: a bounded job
 * reads two partitions of a station on a nats-server that accepts only that kind of connection. Each
 * test starts its own server (one auth/TLS setup each), closed at the end of the test.
 */
class MemphisSourceSecureConnectionITCase {
    /** Generated once: key generation dominates a TLS test's time. */
    static final TestCertificates CERTS = TestCertificates.generate();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void passwordCredentialsInAnAccount() throws Exception {
        try (NatsServer server = NatsServer.builder().userPassword("reader$3", "s3cret-pw").build().start()) {
            MemphisOptions admin = MemphisOptions.builder().host(server.host()).port(server.port())
                    .username("reader").password("s3cret-pw").accountId(3).build();
            readsEverything(admin, "secure.password", MemphisSource.<String>builder()
                    .setServer(server.host(), server.port())
                    .setPasswordCredentials("reader", "s3cret-pw", 3));
        }
    }

    @Test
    void tlsVerifyingTheServerWithoutAClientCertificate() throws Exception {
        try (NatsServer server = NatsServer.builder().tls(CERTS, false).token("tls-token").build().start()) {
            MemphisOptions admin = MemphisOptions.builder().host("localhost").port(server.port())
                    .username("root").connectionToken("tls-token").tls(CERTS.caCert().toString()).build();
            readsEverything(admin, "secure.tls", MemphisSource.<String>builder()
                    .setServer("localhost", server.port())
                    .setCredentials("root", "tls-token")
                    .setTls(CERTS.caCert().toString()));
        }
    }

    @Test
    void mutualTls() throws Exception {
        try (NatsServer server = NatsServer.builder().tls(CERTS, true).token("mtls-token").build().start()) {
            MemphisOptions admin = MemphisOptions.builder().host("localhost").port(server.port())
                    .username("root").connectionToken("mtls-token")
                    .tls(CERTS.clientCert().toString(), CERTS.clientKey().toString(), CERTS.caCert().toString())
                    .build();
            readsEverything(admin, "secure.mtls", MemphisSource.<String>builder()
                    .setServer("localhost", server.port())
                    .setCredentials("root", "mtls-token")
                    .setTls(CERTS.clientCert().toString(), CERTS.clientKey().toString(), CERTS.caCert().toString()));
        }
    }

    /**
     * Lays out a 2-partition station with 5 messages each through {@code admin}'s connection, reads it
     * with a bounded job over {@code builder}'s connection settings, and checks the exact records and
     * that the broker saw every message acked.
     */
    private static void readsEverything(MemphisOptions admin, String station, MemphisSourceBuilder<String> builder)
            throws Exception {
        List<String> expected = new ArrayList<>();
        try (Connection nc = Nats.connect(admin.toNatsOptions())) {
            TestStations.createStation(nc, station, 2);
            for (int p = 1; p <= 2; p++) {
                List<String> values = TestStations.values(station + "-p" + p, 5);
                TestStations.publish(nc, station, p, values);
                expected.addAll(values);
            }
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(100);
        MemphisSource<String> source = builder
                .setStations(station)
                .setConsumerGroup("secure-group")
                .setDeserializer(MemphisDeserializers.string())
                .setBounded()
                .build();
        List<String> actual = new ArrayList<>();
        try (CloseableIterator<String> it = env.fromSource(source, WatermarkStrategy.noWatermarks(), "memphis")
                .executeAndCollect()) {
            it.forEachRemaining(actual::add);
        }
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        try (Connection nc = Nats.connect(admin.toNatsOptions())) {
            for (int p = 1; p <= 2; p++) {
                var info = TestStations.consumerInfo(nc, station, p, "secure-group");
                assertThat(info.getAckFloor().getStreamSequence()).as("ack floor of partition %d", p).isEqualTo(5);
                assertThat(info.getNumAckPending()).isZero();
            }
        }
    }
}
