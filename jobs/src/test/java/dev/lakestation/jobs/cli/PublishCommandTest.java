package dev.lakestation.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * {@code lakestation publish}: usage errors in one line, before connecting. Publishing itself runs against a real
 * nats-server in {@code RunWithStationsITCase#theDemosStationTablePublishedThenLoadedThenSummed}.
 */
class PublishCommandTest {

    @Test
    @org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable(named = "LAKESTATION_MEMPHIS", matches = ".+")
    void withoutABrokerItSaysHowToGiveOne() {
        String[] r = run("publish", "--station", "s", "--file", "../examples/starbake/stations/starbake-sales.jsonl");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2].strip()).isEqualTo("publish: give the broker with --memphis host:port (or LAKESTATION_MEMPHIS)");
    }

    @Test
    void aMissingFileIsNamed() {
        String[] r = run("publish", "--memphis", "127.0.0.1:1", "--station", "s", "--file", "no/such.jsonl");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2].strip()).isEqualTo("publish: --file no/such.jsonl: no such readable file");
    }

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LakestationCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {String.valueOf(exit), out.toString(), err.toString()};
    }
}
