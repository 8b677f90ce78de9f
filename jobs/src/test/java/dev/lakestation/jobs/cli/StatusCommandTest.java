package dev.lakestation.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakestation.jobs.coordinator.CoordinatorState;
import dev.lakestation.jobs.coordinator.FileStateStore;
import dev.lakestation.jobs.coordinator.RunRecord;
import dev.lakestation.jobs.coordinator.RunStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lakestation status} on a saved state: the runs' Flink jobs in the text table and in {@code --json}. */
class StatusCommandTest {

    private static final String LOAD_JOB = "4c1d2e3f4a5b6c7d8e9fa0b1c2d3e4f5";
    private static final String EARLIER = "0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a";

    @TempDir
    Path root;

    @Test
    void theRunsTableShowsTheLatestFlinkJobOfEachRunAndJsonListsThemAll() throws Exception {
        write("metadata/load/sales/_config.sl.yml", "load:\n  name: sales\n  metadata: {format: DSV}\n");
        write("metadata/load/sales/orders.sl.yml", """
                table:
                  name: orders
                  pattern: "orders.*"
                  attributes:
                    - {name: id, type: long}
                """);
        CoordinatorState state = new CoordinatorState();
        state.createdAt = 1_709_251_200_000L;
        state.runs.put("load:sales@k1", run("load:sales@k1", RunStatus.SUCCEEDED, null, List.of()));
        state.runs.put("load:sales@k2", run("load:sales@k2", RunStatus.RUNNING, LOAD_JOB, List.of(EARLIER, LOAD_JOB)));
        new FileStateStore(root.resolve("datasets/coordinator/state.json")).save(state);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(LakestationCli.run(new PrintWriter(out), new PrintWriter(err), "status", "--root",
                root.toString())).as(err.toString()).isZero();
        List<String> lines = out.toString().lines().toList();
        String header = lines.stream().filter(l -> l.startsWith("run id")).findFirst().orElseThrow();
        assertThat(header).contains("flink job");
        int column = header.indexOf("flink job");
        String running = lines.stream().filter(l -> l.startsWith("load:sales@k2")).findFirst().orElseThrow();
        assertThat(running.substring(column)).startsWith(LOAD_JOB + " (+1)");
        String noJob = lines.stream().filter(l -> l.startsWith("load:sales@k1")).findFirst().orElseThrow();
        assertThat(noJob.substring(column)).startsWith("-");

        out.getBuffer().setLength(0);
        assertThat(LakestationCli.run(new PrintWriter(out), new PrintWriter(err), "status", "--json", "--root",
                root.toString())).isZero();
        JsonNode runs = new ObjectMapper().readTree(out.toString()).get("runs");
        assertThat(runs.get(0).get("flinkJobId").asText()).isEqualTo(LOAD_JOB);
        assertThat(runs.get(0).get("flinkJobIds").toString()).isEqualTo("[\"" + EARLIER + "\",\"" + LOAD_JOB + "\"]");
        assertThat(runs.get(1).get("flinkJobId").isNull()).isTrue();
    }

    private static RunRecord run(String id, RunStatus status, String job, List<String> jobs) {
        RunRecord r = new RunRecord();
        r.runId = id;
        r.pipeline = "load:sales";
        r.period = id.substring(id.indexOf('@') + 1);
        r.status = status;
        r.attempt = 1;
        r.createdAt = 1_709_251_200_000L;
        r.startedAt = r.createdAt;
        r.reason = "manual trigger";
        r.flinkJobId = job;
        r.flinkJobIds = new java.util.ArrayList<>(jobs);
        return r;
    }

    private void write(String rel, String text) throws IOException {
        Path f = root.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }
}
