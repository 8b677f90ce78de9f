package dev.lakestation.jobs.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of the REST runner that need no cluster (the cluster itself: {@code RestFlinkRunnerClusterITCase}). */
class RestFlinkRunnerTest {

    @TempDir
    Path tmp;

    @Test
    void theApplicationIdIsDerivedFromTheKeyAlone() {
        assertThat(RestFlinkRunner.applicationId("orders@20240301T0000|load|starbake.orders|1"))
                .isEqualTo(RestFlinkRunner.applicationId("orders@20240301T0000|load|starbake.orders|1"))
                .isNotEqualTo(RestFlinkRunner.applicationId("orders@20240301T0000|load|starbake.orders|2"));
    }

    @Test
    void theUploadedJarIsNamedAfterItsContent() throws Exception {
        Path a = Files.writeString(tmp.resolve("a.jar"), "one");
        Path b = Files.writeString(tmp.resolve("b.jar"), "two");
        Path a2 = Files.writeString(tmp.resolve("lakestation-jobs.jar"), "one");
        try (RestFlinkRunner ra = RestFlinkRunner.connect(URI.create("http://127.0.0.1:1"), a);
                RestFlinkRunner rb = RestFlinkRunner.connect(URI.create("http://127.0.0.1:1"), b);
                RestFlinkRunner ra2 = RestFlinkRunner.connect(URI.create("http://127.0.0.1:1"), a2)) {
            assertThat(ra.versionedName()).matches("lakestation-jobs-[0-9a-f]{16}\\.jar")
                    .isEqualTo(ra2.versionedName()).isNotEqualTo(rb.versionedName());
        }
    }

    @Test
    void refusesWhatIsNotAClusterAddressOrAMissingJar() throws Exception {
        Path jar = Files.writeString(tmp.resolve("j.jar"), "x");
        assertThatThrownBy(() -> RestFlinkRunner.connect(URI.create("ftp://host:21"), jar))
                .hasMessageContaining("expected local or http(s)://host:port");
        assertThatThrownBy(() -> RestFlinkRunner.connect(URI.create("http://host"), jar))
                .hasMessageContaining("expected local or http(s)://host:port");
        assertThatThrownBy(() -> RestFlinkRunner.connect(URI.create("http://host:8081"), tmp.resolve("none.jar")))
                .hasMessageContaining("jobs jar").hasMessageContaining("none.jar");
    }

    @Test
    void theFailureCauseIsOursInOneLine() {
        String trace = """
                org.apache.flink.util.FlinkException: Failed to execute application.
                \tat org.apache.flink.client.deployment.application.PackagedProgramApplication.run(X.java:1)
                Caused by: org.apache.flink.client.program.ProgramInvocationException: The main method caused an error: load: 1 of 1 tables failed
                \tat org.apache.flink.client.program.PackagedProgram.callMainMethod(PackagedProgram.java:2)
                Caused by: dev.lakestation.jobs.cli.ClusterMain$CommandFailedException: starbake.orders: FAILED — orders.json: line 3: unexpected end
                \tat dev.lakestation.jobs.cli.ClusterMain.main(ClusterMain.java:3)
                \t... 12 more
                """;
        assertThat(ClusterApplication.rootCause(trace))
                .isEqualTo("starbake.orders: FAILED — orders.json: line 3: unexpected end");
        assertThat(ClusterApplication.rootCause("java.lang.OutOfMemoryError: Java heap space\n\tat x.y(Z.java:1)"))
                .isEqualTo("Java heap space");
    }
}
