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
    /** Generated once: key generation dominates the TLS tests' time. */
    static final TestCertificates CERTS = TestCertificates.generate();

    /**
     * One unmeasured failed connect loads jnats, so the timed tests measure the client's waiting,
     * not class loading on a busy machine.
     */
    @org.junit.jupiter.api.BeforeAll
    static void warmUp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try {
            Memphis.connect(MemphisOptions.builder().host("127.0.0.1").port(port).username("root")
                    .connectionToken("t").timeout(Duration.ofSeconds(1)).build()).close();
        } catch (MemphisConnectException expected) {
            // nothing listens there
        }
    }

    @Test
    void passwordModeUsesUserWithAccountIdAndTheServerSeesTheMemphisConnectionName() throws Exception {
        int monitor;
        try (ServerSocket s = new ServerSocket(0)) {
            monitor = s.getLocalPort();
        }
        try (NatsServer server = NatsServer.builder().userPassword("root$1", "memphis")
                .extraConfig("http: \"127.0.0.1:" + monitor + "\"").build().start();
                Memphis memphis = Memphis.connect(MemphisOptions.builder().host(server.host()).port(server.port())
                        .username("root").password("memphis").build())) {
            assertThat(memphis.isConnected()).isTrue();
            memphis.producer("auth.pw", "p").produce("ok");
            assertThat(memphis.station("auth.pw").partitions()).containsExactly(1);
            // the server's own view of the connection (monitoring endpoint)
            String connz = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            "http://127.0.0.1:" + monitor + "/connz?auth=true")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(connz).contains("\"name\": \"" + memphis.connectionId() + "::root\"")
                    .contains("\"authorized_user\": \"root$1\"");
        }
    }

    @Test
    void accountIdSelectsTheNatsUser() {
        try (NatsServer server = NatsServer.builder().userPassword("app$7", "pw").build().start();
                Memphis memphis = Memphis.connect(MemphisOptions.builder().host(server.host()).port(server.port())
                        .username("app").password("pw").accountId(7).build())) {
            assertThat(memphis.isConnected()).isTrue();
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
                    .username("root").password("wrong").timeout(Duration.ofSeconds(1)).build()))
                    .isInstanceOf(MemphisAuthException.class)
                    .hasMessageContaining("root").hasMessageContaining(server.host() + ":" + server.port())
                    .hasMessageNotContaining("wrong");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            // the server saw one attempt, not a retry storm
            assertThat(server.log().split("authentication error", -1).length - 1).isEqualTo(1);
        }
        try (NatsServer server = NatsServer.builder().token("right-token").build().start()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> Memphis.connect(MemphisOptions.builder().host(server.host()).port(server.port())
                    .username("root").connectionToken("wrong-token").timeout(Duration.ofSeconds(1)).build()))
                    .isInstanceOf(MemphisAuthException.class)
                    .hasMessageContaining("authentication failed").hasMessageContaining("root")
                    .hasMessageContaining(server.host() + ":" + server.port())
                    .hasMessageNotContaining("wrong-token");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(server.log().split("authentication error", -1).length - 1).isEqualTo(1);
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
                .username("root").connectionToken("t").timeout(Duration.ofSeconds(1)).build()))
                .isInstanceOf(MemphisConnectException.class).hasMessageContaining("127.0.0.1:" + port);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4)); // timeout + slack
    }

    @Test
    void silentPeerFailsWithinTheTimeoutNamingHostAndPort() throws Exception {
        // accepts TCP connections but never speaks NATS: only the connect timeout can end the wait
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int port = silent.getLocalPort();
            long start = System.nanoTime();
            assertThatThrownBy(() -> Memphis.connect(MemphisOptions.builder().host("127.0.0.1").port(port)
                    .username("root").connectionToken("t").timeout(Duration.ofSeconds(1)).build()))
                    .isInstanceOf(MemphisConnectException.class).hasMessageContaining("127.0.0.1:" + port);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(4)); // timeout + slack
        }
    }

    @Test
    void closeDisconnects() {
        try (NatsServer server = NatsServer.builder().build().start()) {
            Memphis memphis = Memphis.connect(MemphisOptions.builder().host(server.host()).port(server.port())
                    .username("root").connectionToken("x").build());
            assertThat(memphis.isConnected()).isTrue();
            memphis.close();
            assertThat(memphis.isConnected()).isFalse();
            assertThat(memphis.connection().getStatus()).isEqualTo(io.nats.client.Connection.Status.CLOSED);
        }
    }

    @Test
    void mutualTls() {
        TestCertificates certs = CERTS;
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
    void serverVerifiedTlsWithoutAClientCertificate() {
        TestCertificates certs = CERTS;
        try (NatsServer server = NatsServer.builder().tls(certs, false).build().start();
                Memphis memphis = Memphis.connect(MemphisOptions.builder().host("localhost").port(server.port())
                        .username("root").connectionToken("unused").tls(certs.caCert().toString()).build())) {
            assertThat(memphis.options().mutualTls()).isFalse();
            memphis.producer("tls.oneway", "p").produce("secure");
            assertThat(TestSupport.messagesOn(memphis, "tls#oneway$1")).isEqualTo(1);
        }
    }

    @Test
    void tlsWithoutAClientCertificateAgainstMutualTlsFailsClearly() {
        TestCertificates certs = CERTS;
        try (NatsServer server = NatsServer.builder().tls(certs, true).build().start()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> Memphis.connect(MemphisOptions.builder().host("localhost").port(server.port())
                    .username("root").connectionToken("unused").tls(certs.caCert().toString())
                    .timeout(Duration.ofSeconds(1)).build()))
                    .isInstanceOf(MemphisConnectException.class)
                    .hasMessageContaining("localhost:" + server.port())
                    .hasMessageContaining("client certificate");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
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

    @Test
    void autoDetectionOnPlainJetStreamSendsNoMemphisRequest() throws Exception {
        try (NatsServer server = NatsServer.builder().build().start();
                io.nats.client.Connection watcher = io.nats.client.Nats.connect(server.natsUrl())) {
            java.util.List<String> subjects = new java.util.concurrent.CopyOnWriteArrayList<>();
            io.nats.client.Dispatcher d = watcher.createDispatcher(m -> subjects.add(m.getSubject()));
            d.subscribe(">"); // everything published on the server, including the client's requests
            watcher.flush(Duration.ofSeconds(5));
            try (Memphis memphis = Memphis.connect(MemphisOptions.builder().host(server.host()).port(server.port())
                    .username("root").connectionToken("x").build())) {
                assertThat(memphis.controlPlane()).isEqualTo(ControlPlane.JETSTREAM);
                memphis.connection().publish("detect.done", new byte[0]); // after everything connect sent
                dev.lakestation.testsupport.Await.until(Duration.ofSeconds(10), "the marker message",
                        () -> subjects.contains("detect.done"));
            }
            // a $memphis_* request makes a real broker act on it (and log it); detection reads stream info
            assertThat(subjects).noneMatch(s -> s.startsWith("$memphis"));
            assertThat(subjects).contains("$JS.API.STREAM.INFO." + Memphis.BROKER_MARKER_STREAM);
        }
    }
}
