package dev.lakestation.jobs.cli;

import dev.lakestation.schema.project.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Every {@link ProjectCommand} validates first; {@code lakestation validate} exits non-zero as a real process. */
class ProjectCommandTest {
    @TempDir
    Path root;

    /** A command like the future load/transform ones: records whether its body ran. */
    @CommandLine.Command(name = "probe")
    static final class Probe extends ProjectCommand {
        final AtomicReference<Project> ran = new AtomicReference<>();

        @Override
        protected int run(Project project) {
            ran.set(project);
            return 0;
        }
    }

    private void write(String relative, String content) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private void brokenProject() throws IOException {
        write("metadata/load/shop/_config.sl.yml", "load:\n  name: shop\n");
        write("metadata/load/shop/orders.sl.yml", """
                table:
                  name: orders
                  pattern: "orders[.csv"
                  attributes:
                    - name: id
                      type: integr
                """);
    }

    private int runProbe(Probe probe, StringWriter err) {
        CommandLine cl = LakestationCli.commandLine();
        cl.addSubcommand("probe", probe);
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        return cl.execute("probe", "--root", root.toString());
    }

    @Test
    void aProjectCommandDoesNotRunOnABrokenProject() throws IOException {
        brokenProject();
        Probe probe = new Probe();
        StringWriter err = new StringWriter();
        assertThat(runProbe(probe, err)).isEqualTo(LakestationCli.EXIT_FAILURE);
        assertThat(probe.ran.get()).isNull();
        assertThat(err.toString().lines().toList()).containsExactly(
                "metadata/load/shop/orders.sl.yml:3: table 'orders': invalid pattern 'orders[.csv': "
                        + "Unclosed character class near index 10",
                "metadata/load/shop/orders.sl.yml:6: unknown type 'integr' for attribute 'id' (table 'orders')",
                "invalid project " + root + ": 2 errors, 0 warnings");

        write("metadata/load/shop/orders.sl.yml", """
                table:
                  name: orders
                  pattern: "orders.*"
                  attributes:
                    - name: id
                      type: int
                """);
        Probe ok = new Probe();
        assertThat(runProbe(ok, new StringWriter())).isZero();
        assertThat(ok.ran.get().table("shop", "orders")).isPresent();
    }

    /** The exit code a shell sees: a separate JVM running {@code LakestationCli.main}. */
    @Test
    void validateExitsNonZeroAsAProcess() throws Exception {
        brokenProject();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                LakestationCli.class.getName(), "validate", "--root", root.toString()))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("metadata/load/shop/orders.sl.yml:6: unknown type 'integr'",
                "invalid project " + root + ": 2 errors");
    }
}
