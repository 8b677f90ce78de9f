package dev.lakestation.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code --flink URL} sends to the cluster, and what a failed command reports there (no cluster needed). */
class ClusterSubmissionTest {

    @Test
    void theClusterGetsTheSameCommandWithAnAbsoluteRootAndWithoutFlink() {
        assertThat(ClusterSubmission.remoteArgs(List.of("--root", "p", "load", "--flink", "http://jm:8081",
                "--domains", "starbake", "--flink=x", "--root=q", "--verbose"), Path.of("/shared/p")))
                .containsExactly("load", "--domains", "starbake", "--verbose", "--root", "/shared/p");
    }

    @Test
    void aFailedCommandOnTheClusterIsSummarisedByItsErrorLines() {
        String out = "starbake.orders: loading 1 file\nstarbake.orders: FAILED — orders.json: line 3: bad\n"
                + "table  status\nstarbake.orders  FAILED\n";
        String err = "load: 1 of 1 tables failed\n";
        assertThat(ClusterMain.summary(out, err, 1))
                .isEqualTo("starbake.orders: FAILED — orders.json: line 3: bad; load: 1 of 1 tables failed");
        assertThat(ClusterMain.summary("", "", 2)).isEqualTo("exit code 2");
    }

    @Test
    void aBadFlinkAddressIsAUsageError() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LakestationCli.run(new PrintWriter(out), new PrintWriter(err), "load", "--root",
                "../examples/starbake", "--flink", "jobmanager:8081");
        assertThat(exit).isEqualTo(LakestationCli.EXIT_USAGE);
        assertThat(err.toString()).contains("--flink: expected local or http(s)://host:port, got 'jobmanager:8081'");
    }
}
