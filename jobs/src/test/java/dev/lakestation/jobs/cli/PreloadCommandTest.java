package dev.lakestation.jobs.cli;

import dev.lakestation.jobs.area.AreaFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static dev.lakestation.jobs.area.AreaFixtures.names;
import static dev.lakestation.jobs.area.AreaFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code lakestation preload}: strategies, exit codes, the sentinel and Starlake's spellings. */
class PreloadCommandTest {
    @TempDir
    Path root;
    @TempDir
    Path orchestrator;   // where an orchestrator keeps its sentinels: outside the project
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void starbake() {
        AreaFixtures.starbake(root);
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return LakestationCli.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    /** The exact lines of Starlake's generated DAGs: stage, then preload imported with a sentinel. */
    @Test
    void starlakesCommandLines() {
        Path ack = root.resolve("datasets/pending/starbake/ack");
        Path sentinel = orchestrator.resolve("starbake/dag__run1.notready");
        String r = root.toString();
        assertThat(run("--root", r, "preload", "--domain", "starbake", "--tables", "orders", "--strategy", "imported",
                "--globalAckFilePath", ack.toString(), "--notReadySentinel", sentinel.toString())).isZero();
        assertThat(sentinel).doesNotExist();   // ready: the orders file is in landing
        assertThat(out.toString().lines().toList()).containsExactly(
                "table   files",
                "orders      1",
                "READY starbake (imported): files ready to stage in datasets/incoming/starbake");

        assertThat(run("--root", r, "stage", "--domains", "starbake", "--tables", "orders,order_lines")).isZero();

        assertThat(run("--root", r, "preload", "--domain", "starbake", "--tables", "orders", "--strategy", "imported",
                "--globalAckFilePath", ack.toString(), "--notReadySentinel", sentinel.toString()))
                .as("not ready with a sentinel exits 0").isZero();
        assertThat(sentinel).exists();
        assertThat(sentinel.toFile().length()).isZero();
        assertThat(out.toString()).contains("NOT READY starbake (imported)",
                "not-ready sentinel written: " + sentinel);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void notReadyWithoutSentinelHasItsOwnExitCode() {
        assertThat(run("--root", root.toString(), "preload", "--domains", "starbake", "--strategy", "PENDING"))
                .isEqualTo(LakestationCli.EXIT_NOT_READY).isNotIn(0, 1, 2);
        assertThat(out.toString().lines().toList()).containsExactly(
                "table        files", "deliveries       0",
                "order_lines      0",
                "orders           0",
                "products         0",
                "sales            0",
                "NOT READY starbake (pending): files staged in datasets/stage/starbake");
        assertThat(err.toString()).isEmpty();

        run("--root", root.toString(), "stage");
        assertThat(run("--root", root.toString(), "preload", "--domain", "starbake", "--tables", "products",
                "--strategy", "Pending")).isZero();
        assertThat(out.toString()).contains("products      1", "READY starbake (pending)");
    }

    @Test
    void ackStrategyWithOurSpellingAndTheDefaultPath() {
        Path sentinel = orchestrator.resolve("s");
        String r = root.toString();
        assertThat(run("--root", r, "preload", "--domains", "starbake", "--strategy", "ack",
                "--not-ready-sentinel", sentinel.toString())).isZero();
        assertThat(sentinel).exists();

        Path dflt = root.resolve("datasets/pending/starbake/" + LocalDate.now(ZoneOffset.UTC) + ".ack");
        write(dflt, new byte[0]);
        assertThat(run("--root", r, "preload", "--domains", "starbake", "--strategy", "ack")).isZero();
        assertThat(dflt).doesNotExist();

        Path mine = write(root.resolve("go.ack"), new byte[0]);
        assertThat(run("--root", r, "preload", "--domains", "starbake", "--strategy", "ack",
                "--global-ack-file", "go.ack")).isZero();
        assertThat(mine).doesNotExist();
        assertThat(run("--root", r, "preload", "--domains", "starbake", "--strategy", "ack",
                "--global-ack-file", "go.ack")).isEqualTo(LakestationCli.EXIT_NOT_READY);
        assertThat(out.toString()).contains("NOT READY starbake (ack): ack file go.ack not found");
    }

    @Test
    void noneIsReadyAndIsTheDefault() {
        assertThat(run("--root", root.toString(), "preload", "--domain", "starbake")).isZero();
        assertThat(out.toString()).contains("table        loadable", "orders              1", "READY starbake (none)");
    }

    @Test
    void errorsAreOneLineAndExitOneUsageErrorsTwo() {
        String r = root.toString();
        assertThat(run("--root", r, "preload", "--domain", "bakery", "--strategy", "none")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("unknown domain 'bakery'; known domains: starbake\n");
        assertThat(run("--root", r, "preload", "--domain", "starbake", "--tables", "x")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo(
                "unknown table 'x' in domain 'starbake'; known tables: deliveries, order_lines, orders, products, sales\n");
        assertThat(run("--root", r, "preload", "--domain", "starbake", "--strategy", "soon")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("unknown preload strategy 'soon'; use none, imported, pending or ack\n");
        assertThat(run("--root", r, "preload", "--strategy", "none")).isEqualTo(LakestationCli.EXIT_USAGE);
        assertThat(err.toString()).startsWith("Missing required option: '--domains=DOMAIN'");
    }

    @Test
    void aSentinelThatCannotBeWrittenIsAnError() throws Exception {
        Path blocker = Files.writeString(orchestrator.resolve("file"), "x");
        assertThat(run("--root", root.toString(), "preload", "--domain", "starbake", "--strategy", "pending",
                "--notReadySentinel", blocker.resolve("sub/s").toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("cannot write the not-ready sentinel " + blocker.resolve("sub/s"));
        assertThat(names(orchestrator)).containsExactly("file");
    }
}
