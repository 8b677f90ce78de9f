package dev.lakestation.memphis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.testsupport.NatsServer;
import dev.lakestation.testsupport.TestCertificates;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Connecting: each auth mode, mutual TLS, and fast, clear failures. */
class ConnectTest {
    @Test
    void passwordModeUsesUserWithAccountId() {
        try (NatsServer server = NatsServer.builder().userPassword("root$1", "memphis").build().start();
                Memphis memphis = Memphis.connect(MemphisOptions.builder().host(server.host()).port(server.port())
                        .username("root").password("memphis").build())) {
            assertThat(memphis.isConnected()).isTrue();
            memphis.producer("auth.pw", "p").produce("ok");
            assertThat(memphis.station("auth.pw").partitions()).containsExactly(1);
        }
    }

    @Test
    void tokenMode() {
        try (NatsServer server = NatsServer.builder().token("s3cr3t-token").build().start();
                Memphis memphis = Memphis.connect(MemphisOptions.builder().host(server.host()).port(server.port())
                        .username("root").connectionToken("s3cr3t-token").build())) {
            assertThat(memphis.isConnected()).isTrue();
            assertThat(memphis.connection().getOptions().getConnectionName()).endsWith("::root");
        }
    }

    @Test
    void wrongCredentialsFailFastWithAnAuthError() {
        try (NatsServer server = NatsServer.builder().userPassword("root$1", "memphis").build().start()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> Memphis.connect(MemphisOptions.builder().host(server.host()).port(server.port())
                    .username("root").password("wrong").build()))
                    .isInstanceOf(MemphisAuthException.class)
                    .hasMessageContaining("root").hasMessageContaining(server.host() + ":" + server.port())
                    .hasMessageNotContaining("wrong");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            // the server saw one attempt, not a retry storm
            assertThat(server.log().split("authentication error", -1).length - 1).isEqualTo(1);
        }
        try (NatsServer server = NatsServer.builder().token("right").build().start()) {
            assertThatThrownBy(() -> Memphis.connect(MemphisOptions.builder().host(server.host()).port(server.port())
                    .username("root").connectionToken("wrong").build())).isInstanceOf(MemphisAuthException.class);
        }
    }

    @Test
    void unreachableBrokerNamesHostAndPortWithinTheTimeout() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();
        int p = port;
        assertThatThrownBy(() -> Memphis.connect(MemphisOptions.builder().host("127.0.0.1").port(p)
                .username("root").connectionToken("t").timeout(Duration.ofSeconds(2)).build()))
                .isInstanceOf(MemphisConnectException.class).hasMessageContaining("127.0.0.1:" + port);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void mutualTls() {
        TestCertificates certs = TestCertificates.generate();
        try (NatsServer server = NatsServer.builder().tls(certs, true).build().start();
                Memphis memphis = Memphis.connect(MemphisOptions.builder().host("localhost").port(server.port())
                        .username("root").connectionToken("unused")
                        .tls(certs.clientCert().toString(), certs.clientKey().toString(), certs.caCert().toString())
                        .build())) {
            assertThat(memphis.isConnected()).isTrue();
            memphis.producer("tls.station", "p").produce("secure");
            assertThat(memphis.station("tls.station").partitions()).containsExactly(1);
        }
    }

    @Test
    void tlsNeedsAllThreeFiles() {
        assertThatThrownBy(() -> MemphisOptions.builder().username("u").password("p").tls("c", null, "ca").build())
                .hasMessageContaining("cert file, key file and ca file");
    }

    @Test
    void explicitControlPlaneIsHonoured() {
        try (NatsServer server = NatsServer.builder().build().start();
                Memphis memphis = Memphis.connect(MemphisOptions.builder().host(server.host()).port(server.port())
                        .username("root").connectionToken("x").controlPlane(ControlPlane.JETSTREAM).build())) {
            assertThat(memphis.controlPlane()).isEqualTo(ControlPlane.JETSTREAM);
        }
    }
}
