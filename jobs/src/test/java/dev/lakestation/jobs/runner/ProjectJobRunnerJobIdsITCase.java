package dev.lakestation.jobs.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.jobs.audit.FileDatasetEvents;
import dev.lakestation.jobs.coordinator.Coordinator;
import dev.lakestation.jobs.coordinator.CoordinatorState;
import dev.lakestation.jobs.coordinator.DagOptions;
import dev.lakestation.jobs.coordinator.FileStateStore;
import dev.lakestation.jobs.coordinator.ProjectPipelines;
import dev.lakestation.jobs.coordinator.RunOnceResult;
import dev.lakestation.jobs.coordinator.RunRecord;
import dev.lakestation.jobs.coordinator.RunStatus;
import dev.lakestation.jobs.load.LoadListener;
import dev.lakestation.jobs.load.LoadService;
import dev.lakestation.jobs.transform.TransformService;
import dev.lakestation.jobs.transform.lineage.ParsedLineage;
import dev.lakestation.schema.project.Project;
import dev.lakestation.schema.project.ProjectLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flink job ids a coordinator records for runs on the local MiniCluster: a real {@link Coordinator} with a
 * {@link FileStateStore} drives {@link ProjectJobRunner} (stage and a load) on a {@link LocalFlinkRunner} wrapped in
 * a {@link ReportingFlinkRunner}, wired as {@code lakestation coordinator} wires it; the id saved on the run is
 * exactly the job the MiniCluster ran. A transform submits through the same {@code ReportingFlinkRunner.submit}
 * ({@code TransformSession.on(flink)}) and is left out: its SQL planning would triple this test's time.
 */
class ProjectJobRunnerJobIdsITCase {

    @TempDir
    Path root;

    @Test
    void theJobIdSavedOnTheRunIsTheJobTheMiniClusterRan() throws Exception {
        write("metadata/load/sales/_config.sl.yml", """
                load:
                  name: sales
                  metadata: {format: DSV, separator: ",", withHeader: true, directory: "{{SL_ROOT}}/datasets/incoming/sales"}
                """);
        write("metadata/load/sales/orders.sl.yml", """
                table:
                  name: orders
                  pattern: "orders.*"
                  attributes:
                    - {name: id, type: long}
                """);
        write("datasets/incoming/sales/orders-1.csv", "id\n1\n2\n3\n");
        Project project = ProjectLoader.load(root, null, Map.of()).orThrow();
        Clock clock = Clock.systemUTC();
        FileDatasetEvents events = new FileDatasetEvents(root.resolve("datasets"));
        Path stateFile = root.resolve("datasets/coordinator/state.json");

        try (LocalFlinkRunner local = LocalFlinkRunner.start(1)) {
            ReportingFlinkRunner flink = new ReportingFlinkRunner(local);
            ProjectJobRunner runner = new ProjectJobRunner(project, new LoadService(project, flink, clock, events),
                    new TransformService(project, flink, clock), 1, Map.of(), LoadListener.NONE, clock, line -> { })
                    .reportingJobsOf(flink);
            ProjectPipelines pipelines = ProjectPipelines.of(project, new ParsedLineage(),
                    DagOptions.read(project.root()), Map.of());
            RunOnceResult result = new Coordinator(pipelines, runner, new FileStateStore(stateFile), clock, events)
                    .runOnce("run-1");
            assertThat(result.runs()).as(result.toString()).extracting(r -> r.status)
                    .containsOnly(RunStatus.SUCCEEDED);

            CoordinatorState saved = new FileStateStore(stateFile).load().orElseThrow();
            RunRecord load = saved.runs.get("load:sales@run-1");
            assertThat(load.flinkJobIds).hasSize(1).containsExactly(load.flinkJobId);

            List<String> ran = new ArrayList<>();
            for (JobStatusMessage j : local.cluster().listJobs().get()) {
                ran.add(j.getJobId().toHexString());
            }
            assertThat(ran).containsExactly(load.flinkJobId);
        }
    }

    private void write(String rel, String text) throws IOException {
        Path f = root.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }
}
