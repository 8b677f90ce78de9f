package dev.lakestation.jobs.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Flink job ids a job runner reports through {@link RunContext#flinkJobSubmitted}: recorded on the run and saved
 * while it is RUNNING (what the status page reads), kept across steps and attempts, reloaded from the state file,
 * shown by {@link StatusReport}; a state file written before job ids existed still loads.
 */
class FlinkJobIdTest {

    private static final String JOB_A1 = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
    private static final String JOB_A2 = "a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2";
    private static final String JOB_B = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0";
    private static final String RUN = "load:cron1@20240301T1000";

    @TempDir
    Path root;

    private final ManualClock clock = new ManualClock(Instant.parse("2024-03-01T09:30:00Z"));

    private ProjectPipelines pipelines() {
        var project = new TestProject(root).table("src", "ta", "schedule: \"0 * * * *\"")
                .table("src", "tb", "schedule: \"0 * * * *\"").load();
        return ProjectPipelines.of(project, new RegexLineage(), DagOptions.none(),
                Map.of("retries", "1", "retry_delay", "60"));
    }

    private Path stateFile() {
        return root.resolve("datasets/coordinator/state.json");
    }

    /** What a status reader sees now: the run as saved in the state file. */
    private RunRecord saved(String runId) {
        return new FileStateStore(stateFile()).load().orElseThrow().runs.get(runId);
    }

    @Test
    void aRunRecordsEveryFlinkJobOfItsStepsAndAttemptsAndShowsTheRunningOneWhileItRuns() {
        RunRecord[] duringFirstJob = new RunRecord[1];
        RunContext[] afterItsCall = new RunContext[1];
        FakeRunner runner = new FakeRunner(clock)
                .script("load src.ta", ctx -> {
                    ctx.flinkJobSubmitted(JOB_A1);
                    duringFirstJob[0] = saved(ctx.runId());
                    return Outcome.failed("TaskManager lost");
                }, ctx -> {
                    ctx.flinkJobSubmitted(JOB_A2);
                    return Outcome.succeeded(List.of());
                })
                .script("load src.tb", ctx -> {
                    ctx.flinkJobSubmitted(JOB_B);
                    ctx.flinkJobSubmitted(JOB_B); // reported twice (a runner that polls): recorded once
                    afterItsCall[0] = ctx;
                    return Outcome.succeeded(List.of());
                });
        Coordinator c = new Coordinator(pipelines(), runner, new FileStateStore(stateFile()), clock, null);
        c.advanceTo(Instant.parse("2024-03-01T10:30:00Z"));

        // saved as soon as it was reported, before the job call ended
        assertThat(duringFirstJob[0].status).isEqualTo(RunStatus.RUNNING);
        assertThat(duringFirstJob[0].flinkJobId).isEqualTo(JOB_A1);
        assertThat(duringFirstJob[0].flinkJobIds).containsExactly(JOB_A1);

        RunRecord r = saved(RUN);
        assertThat(r.status).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.attempt).isEqualTo(2);
        assertThat(r.flinkJobId).isEqualTo(JOB_B);
        assertThat(r.flinkJobIds).containsExactly(JOB_A1, JOB_A2, JOB_B);
        assertThat(c.run(RUN).orElseThrow().flinkJobIds).containsExactly(JOB_A1, JOB_A2, JOB_B);

        // a report after its call returned is dropped: the run has moved on
        afterItsCall[0].flinkJobSubmitted("ffffffffffffffffffffffffffffffff");
        assertThat(saved(RUN).flinkJobIds).containsExactly(JOB_A1, JOB_A2, JOB_B);

        // a restarted coordinator (and `status`) reads them back
        Coordinator restarted = new Coordinator(pipelines(), new FakeRunner(clock), new FileStateStore(stateFile()),
                clock, null);
        StatusReport.RunView v = restarted.status().runs().stream().filter(x -> x.runId().equals(RUN)).findFirst()
                .orElseThrow();
        assertThat(v.flinkJobId()).isEqualTo(JOB_B);
        assertThat(v.flinkJobIds()).containsExactly(JOB_A1, JOB_A2, JOB_B);
        // status --why names it too
        WhyReport why = WhyReport.of(pipelines(), new FileStateStore(stateFile()).load().orElseThrow(), "load:cron1",
                "20240301T1000", clock.instant());
        assertThat(why.rules()).filteredOn(rule -> rule.name().equals("run")).singleElement()
                .satisfies(rule -> assertThat(rule.detail()).contains(", Flink job " + JOB_B));
    }

    @Test
    void aRunWithoutFlinkJobsHasNone() throws Exception {
        Coordinator c = new Coordinator(pipelines(), new FakeRunner(clock), new FileStateStore(stateFile()), clock,
                null);
        c.advanceTo(Instant.parse("2024-03-01T10:30:00Z"));
        assertThat(saved(RUN).flinkJobId).isNull();
        assertThat(saved(RUN).flinkJobIds).isEmpty();
        JsonNode run = new ObjectMapper().readTree(c.status().toJson()).get("runs").get(0);
        assertThat(run.get("flinkJobId").isNull()).isTrue();
        assertThat(run.get("flinkJobIds").size()).isZero();
    }

    /** A state file as the coordinator wrote it before runs had Flink job ids (no flinkJobId / flinkJobIds). */
    private static final String STATE_WITHOUT_JOB_IDS = """
            {
              "version" : 1,
              "createdAt" : 1709285400000,
              "eventCursor" : 0,
              "runs" : {
                "load:cron1@20240301T1000" : {
                  "runId" : "load:cron1@20240301T1000",
                  "pipeline" : "load:cron1",
                  "period" : "20240301T1000",
                  "periodTick" : 1709287200000,
                  "status" : "SUCCEEDED",
                  "attempt" : 1,
                  "step" : 4,
                  "createdAt" : 1709287200000,
                  "startedAt" : 1709287200000,
                  "reason" : "cron 0 * * * *",
                  "nextAt" : null,
                  "preloadSince" : null,
                  "finishedAt" : 1709287200000,
                  "message" : null
                }
              },
              "lastTick" : { "load:cron1" : 1709287200000 },
              "seenEvents" : { },
              "datasets" : { },
              "triggers" : { }
            }
            """;

    @Test
    void aStateFileWrittenBeforeJobIdsLoadsAndItsNextRunsGetThem() throws Exception {
        Files.createDirectories(stateFile().getParent());
        Files.writeString(stateFile(), STATE_WITHOUT_JOB_IDS);

        RunRecord old = saved(RUN);
        assertThat(old.status).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(old.flinkJobId).isNull();
        assertThat(old.flinkJobIds).isEmpty();
        assertThat(StateJson.read(STATE_WITHOUT_JOB_IDS, "kv").runs.get(RUN).flinkJobIds).isEmpty(); // the KV store's path

        clock.set(Instant.parse("2024-03-01T10:50:00Z"));
        FakeRunner runner = new FakeRunner(clock).script("load src.ta", ctx -> {
            ctx.flinkJobSubmitted(JOB_A1);
            return Outcome.succeeded(List.of());
        });
        Coordinator c = new Coordinator(pipelines(), runner, new FileStateStore(stateFile()), clock, null);
        assertThat(c.status().runs()).singleElement().satisfies(v -> {
            assertThat(v.flinkJobId()).isNull();
            assertThat(v.flinkJobIds()).isEmpty();
        });
        c.advanceTo(Instant.parse("2024-03-01T11:10:00Z"));
        assertThat(saved("load:cron1@20240301T1100").flinkJobIds).containsExactly(JOB_A1);
        assertThat(saved(RUN).flinkJobIds).isEmpty();
    }
}
