package dev.lakestation.memphis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Options;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Options → jnats mapping as the Memphis SDKs do it. */
class MemphisOptionsTest {
    @Test
    void defaultsMatchTheSdks() {
        MemphisOptions o = MemphisOptions.builder().username("root").password("pw").build();
        assertThat(o.port()).isEqualTo(6666);
        assertThat(o.host()).isEqualTo("localhost");
        assertThat(o.reconnect()).isTrue();
        assertThat(o.effectiveMaxReconnects()).isEqualTo(-1);
        assertThat(o.reconnectInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.accountId()).isEqualTo(1);
        assertThat(o.controlPlane()).isEqualTo(ControlPlane.AUTO);
    }

    @Test
    void passwordMapsToUserWithAccountAndNameToConnectionIdAndUser() {
        MemphisOptions o = MemphisOptions.builder().host("nats://broker").username("app").password("pw").accountId(7).build();
        Options n = o.toNatsOptions("0b5a4d36-1e1e-4c8b-9f0e-1a2b3c4d5e6f");
        assertThat(n.getConnectionName()).isEqualTo("0b5a4d36-1e1e-4c8b-9f0e-1a2b3c4d5e6f::app");
        assertThat(new String(n.getUsernameChars())).isEqualTo("app$7");
        assertThat(new String(n.getPasswordChars())).isEqualTo("pw");
        assertThat(n.getServers().get(0).toString()).isEqualTo("nats://broker:6666");
    }

    @Test
    void tokenIsSentAsIs() {
        Options n = MemphisOptions.builder().username("app").connectionToken("tok").build().toNatsOptions("id");
        assertThat(new String(n.getTokenChars())).isEqualTo("tok");
        assertThat(n.getUsernameChars()).isNull();
    }

    @Test
    void reconnectClampAsTheSdks() {
        assertThat(MemphisOptions.builder().username("u").password("p").maxReconnects(50).build()
                .effectiveMaxReconnects()).isEqualTo(9);
        assertThat(MemphisOptions.builder().username("u").password("p").reconnect(false).build()
                .toNatsOptions("id").getMaxReconnect()).isZero();
    }

    @Test
    void exactlyOneAuthMethod() {
        assertThatThrownBy(() -> MemphisOptions.builder().username("u").build()).hasMessageContaining("connection token");
        assertThatThrownBy(() -> MemphisOptions.builder().username("u").password("p").connectionToken("t").build())
                .hasMessageContaining("exactly one");
    }

    @Test
    void toStringHidesSecretsAndOptionsSerialize() throws Exception {
        MemphisOptions o = MemphisOptions.builder().username("u").password("hunter2").build();
        assertThat(o.toString()).doesNotContain("hunter2").contains("password");
        MemphisOptions t = MemphisOptions.builder().username("u").connectionToken("tok-secret").build();
        assertThat(t.toString()).doesNotContain("tok-secret");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            MemphisOptions back = (MemphisOptions) in.readObject();
            assertThat(back.toNatsOptions("id").getPasswordChars()).containsExactly("hunter2".toCharArray());
        }
    }
}
