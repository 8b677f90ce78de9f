package dev.lakestation.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StorageType;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NatsServerExtensionTest {
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    @Test
    void jetStreamStoreSurvivesRestart() throws Exception {
        try (Connection nc = Nats.connect(NATS.natsUrl())) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name("s1").subjects("s1.>").storageType(StorageType.File).build());
            nc.jetStream().publish("s1.final", "hello".getBytes());
        }
        NATS.restart();
        try (Connection nc = Nats.connect(NATS.natsUrl())) {
            assertThat(nc.jetStreamManagement().getStreamInfo("s1").getStreamState().getMsgCount()).isEqualTo(1);
        }
        assertThat(Files.exists(NATS.server().storeDir())).isTrue();
    }

    @Test
    void userPasswordServerRejectsWrongPassword() throws Exception {
        try (NatsServer server = NatsServer.builder().userPassword("root$1", "secret").build().start()) {
            Options good = new Options.Builder().server(server.natsUrl()).userInfo("root$1", "secret").build();
            try (Connection nc = Nats.connect(good)) {
                assertThat(nc.getStatus()).isEqualTo(Connection.Status.CONNECTED);
            }
            Options bad = new Options.Builder().server(server.natsUrl()).userInfo("root$1", "nope")
                    .maxReconnects(0).connectionTimeout(Duration.ofSeconds(2)).build();
            assertThatThrownBy(() -> Nats.connect(bad)).hasMessageContaining("Authorization");
        }
    }

    @Test
    void tokenServerAcceptsToken() throws Exception {
        try (NatsServer server = NatsServer.builder().token("t0k3n").build().start()) {
            Options good = new Options.Builder().server(server.natsUrl()).token("t0k3n".toCharArray()).build();
            try (Connection nc = Nats.connect(good)) {
                assertThat(nc.getStatus()).isEqualTo(Connection.Status.CONNECTED);
            }
        }
    }

    @Test
    void tlsServerStartsWithGeneratedCertificates() {
        TestCertificates certs = TestCertificates.generate();
        try (NatsServer server = NatsServer.builder().tls(certs, true).build().start()) {
            assertThat(server.natsUrl()).startsWith("tls://");
            assertThat(certs.clientKey()).exists();
            assertThat(server.log()).contains("TLS required for client connections");
        }
    }
}
