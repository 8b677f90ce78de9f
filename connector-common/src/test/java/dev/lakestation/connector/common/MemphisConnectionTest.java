package dev.lakestation.connector.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.memphis.ControlPlane;
import dev.lakestation.memphis.MemphisOptions;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class MemphisConnectionTest {
    private static final OptionNaming BUILDER = OptionNaming.builder("Memphis sink",
            Map.of(MemphisConnectionOptions.PASSWORD.key(), "setPasswordCredentials(String, String, int)"));
    private static final OptionNaming TABLE = OptionNaming.table("Memphis table", Map.of());

    @Test
    void singleOptionsOverrideTheGivenMemphisOptions() {
        MemphisOptions base = MemphisOptions.builder().host("a").port(7000).username("u").connectionToken("t").build();
        Configuration c = new Configuration();
        c.set(MemphisConnectionOptions.HOST, "b");
        c.set(MemphisConnectionOptions.PASSWORD, "p");
        c.set(MemphisConnectionOptions.REQUEST_TIMEOUT, Duration.ofSeconds(3));
        c.set(MemphisConnectionOptions.CONTROL_PLANE, ControlPlane.JETSTREAM);
        MemphisOptions o = MemphisConnection.options(c, MemphisConnectionOptions.CONFIG, base, BUILDER);
        assertThat(o.host()).isEqualTo("b");
        assertThat(o.port()).isEqualTo(7000);
        assertThat(o.hasPassword()).isTrue();
        assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.controlPlane()).isEqualTo(ControlPlane.JETSTREAM);
    }

    @Test
    void theSourcesFormerKeysAreStillRead() {
        Configuration c = Configuration.fromMap(Map.of("memphis.source.host", "h", "memphis.source.username", "u",
                "memphis.source.connection-token", "t"));
        assertThat(MemphisConnection.options(c, MemphisConnectionOptions.CONFIG, null, BUILDER).host()).isEqualTo("h");
    }

    @Test
    void oneProblemIsToldWithTheBuildersOrTheTablesNames() {
        Configuration c = Configuration.fromMap(Map.of("memphis.connection.host", "h", "memphis.connection.username",
                "u", "memphis.connection.connection-token", "t", "memphis.connection.password", "p"));
        assertThatThrownBy(() -> MemphisConnection.options(c, MemphisConnectionOptions.CONFIG, null, BUILDER))
                .isInstanceOf(MemphisConfigException.class)
                .hasMessage("Memphis sink: invalid connection settings: set exactly one of "
                        + "memphis.connection.connection-token or memphis.connection.password, not both; set with "
                        + "setConfig(memphis.connection.connection-token, ...)");
        Configuration t = Configuration.fromMap(Map.of("host", "h", "username", "u", "port", "0", "password", "p"));
        assertThatThrownBy(() -> MemphisConnection.options(t, MemphisConnectionOptions.TABLE, null, TABLE))
                .hasMessage("Memphis table: invalid connection settings: 'port' must be between 1 and 65535, got 0");
    }

    @Test
    void aBuilderMessageNamesTheSetter() {
        Configuration c = Configuration.fromMap(Map.of("memphis.connection.host", "h", "memphis.connection.username",
                "u", "memphis.connection.password", "p", "memphis.connection.connect-timeout", "0 s"));
        MemphisConfigException e = MemphisConfigException.of(BUILDER, "{0} is wrong", MemphisConnectionOptions.PASSWORD);
        assertThat(e).hasMessage("Memphis sink: memphis.connection.password is wrong; set with "
                + "setPasswordCredentials(String, String, int)");
        assertThat(e.describe(TABLE)).isEqualTo("Memphis table: 'memphis.connection.password' is wrong");
        assertThatThrownBy(() -> MemphisConnection.options(c, MemphisConnectionOptions.CONFIG, null, BUILDER))
                .hasMessageContaining("memphis.connection.connect-timeout must be positive");
    }
}
