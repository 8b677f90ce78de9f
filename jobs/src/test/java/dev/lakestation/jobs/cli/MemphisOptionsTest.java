package dev.lakestation.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --memphis} and the credentials from the environment; secrets never in messages or toString. */
class MemphisOptionsTest {

    @TempDir
    Path dir;

    private static MemphisOptions parse(String... args) {
        MemphisOptions o = new MemphisOptions();
        new CommandLine(o).parseArgs(args);
        return o;
    }

    @Test
    void noBrokerGivenMeansNoConnection() {
        assertThat(parse().connection(Map.of())).isNull();
    }

    @Test
    void hostAndPortWithoutCredentialsConnectToAServerWithoutAuthentication() {
        var c = parse("--memphis", "nats://broker.internal:4222").connection(Map.of());
        assertThat(c.host()).isEqualTo("broker.internal");
        assertThat(c.port()).isEqualTo(4222);
        assertThat(c.username()).isEqualTo("lakestation");
        assertThat(parse("--memphis", "broker").connection(Map.of()).port()).isEqualTo(6666);
    }

    @Test
    void credentialsComeFromTheEnvironmentAndAreNeverShown() {
        var token = parse("--memphis", "b:6666").connection(Map.of("MEMPHIS_USERNAME", "app",
                "MEMPHIS_CONNECTION_TOKEN", "s3cret-token"));
        assertThat(token.username()).isEqualTo("app");
        assertThat(token.hasConnectionToken()).isTrue();
        assertThat(token.toString()).doesNotContain("s3cret-token");
        var password = parse("--memphis", "b:6666").connection(Map.of("MEMPHIS_USERNAME", "app",
                "MEMPHIS_PASSWORD", "pw-s3cret", "MEMPHIS_ACCOUNT_ID", "7"));
        assertThat(password.hasPassword()).isTrue();
        assertThat(password.accountId()).isEqualTo(7);
        assertThat(password.toString()).doesNotContain("pw-s3cret");
        assertThatThrownBy(() -> parse("--memphis", "b").connection(Map.of("MEMPHIS_PASSWORD", "pw-s3cret",
                "MEMPHIS_CONNECTION_TOKEN", "t0k")))
                .hasMessageContaining("not both").message().doesNotContain("pw-s3cret").doesNotContain("t0k");
    }

    @Test
    void tlsFilesByPathAndClearErrors() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
        assertThat(parse("--memphis", "b:1", "--memphis-tls-ca", ca.toString()).connection(Map.of()).tls()).isTrue();
        assertThatThrownBy(() -> parse("--memphis", "b:1", "--memphis-tls-ca", dir.resolve("nope.pem").toString())
                .connection(Map.of())).hasMessageContaining("--memphis-tls-ca").hasMessageContaining("nope.pem");
        assertThatThrownBy(() -> parse("--memphis", "b:1", "--memphis-tls-cert", ca.toString()).connection(Map.of()))
                .hasMessageContaining("mutual TLS needs");
        assertThatThrownBy(() -> parse("--memphis", "b:x").connection(Map.of()))
                .hasMessageContaining("port is not a number");
    }
}
