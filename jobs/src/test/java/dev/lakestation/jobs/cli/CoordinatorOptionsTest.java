package dev.lakestation.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The coordinator commands take the same broker options as {@code load} ({@link MemphisOptions} inside
 * {@link CoordinatorOptions}): one {@code --memphis} per command — a duplicate would make picocli refuse the whole
 * command line at start — and the same credential rules.
 */
class CoordinatorOptionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"load", "run", "coordinator", "status", "trigger", "backfill"})
    void everyCommandWithABrokerHasOneMemphisOptionAndItsHelpWorks(String command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(LakestationCli.run(new PrintWriter(out), new PrintWriter(err), command, "--help")).as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("--memphis=HOST:PORT", "--memphis-tls-ca=FILE");
        assertThat(LakestationCli.commandLine().getSubcommands().get(command).getCommandSpec().options())
                .filteredOn(o -> java.util.List.of(o.names()).contains("--memphis")).hasSize(1);
    }

    @Test
    void aBrokerWithoutCredentialsIsAServerWithoutAuthenticationAndTheTokenComesFromTheEnvironment() {
        CoordinatorOptions o = new CoordinatorOptions();
        new CommandLine(o).parseArgs("--memphis", "127.0.0.1:4222");
        var plain = o.broker(Map.of());
        assertThat(plain.host()).isEqualTo("127.0.0.1");
        assertThat(plain.port()).isEqualTo(4222);
        assertThat(plain.hasConnectionToken()).isTrue(); // empty: ignored by a server without authentication
        var token = o.broker(Map.of("MEMPHIS_CONNECTION_TOKEN", "t0ken", "MEMPHIS_USERNAME", "etl"));
        assertThat(token.username()).isEqualTo("etl");
        assertThat(token.toString()).doesNotContain("t0ken");
        assertThat(new CoordinatorOptions().broker(Map.of())).as("file mode").isNull();
    }
}
