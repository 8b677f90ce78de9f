package dev.lakestation.jobs.coordinator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Preload before the loads: poke every pre_load_poke_interval until pre_load_timeout, then SKIPPED. */
class PreloadTest {

    @TempDir
    Path root;

    private final ManualClock clock = new ManualClock(Instant.parse("2024-03-01T09:30:00Z"));
    private final FakeRunner runner = new FakeRunner(clock);

    private ProjectPipelines pipelines(String... options) {
        String[] lines = new String[options.length];
        System.arraycopy(options, 0, lines, 0, options.length);
        var project = new TestProject(root)
                .dag("loads", lines)
                .table("src", "ta", "schedule: \"0 10 * * *\"", "dagRef: \"loads\"")
                .table("src", "tb", "schedule: \"0 10 * * *\"", "dagRef: \"loads\"").load();
        return ProjectPipelines.of(project, new RegexLineage(), DagOptions.read(root), Map.of());
    }

    @Test
    void stageThenPreloadThenEveryLoadOfTheGroup() {
        ProjectPipelines pp = pipelines("pre_load_strategy: pending");
        assertThat(pp.pipeline("load:cron1").orElseThrow().steps()).extracting(Step::toString)
                .containsExactly("stage src [ta, tb]", "preload src [ta, tb]", "load src.ta", "load src.tb");
        new Coordinator(pp, runner, new InMemoryStateStore(), clock, null)
                .advanceTo(Instant.parse("2024-03-01T10:00:00Z"));
        assertThat(runner.steps()).containsExactly("stage src", "preload src", "load src.ta", "load src.tb");
    }

    @Test
    void notReadyIsPokedEveryIntervalUntilTheTimeoutThenTheRunIsSkippedNotFailed() {
        ProjectPipelines pp = pipelines("pre_load_strategy: ack");
        for (int i = 0; i < 20; i++) {
            runner.script("preload src", ctx -> Outcome.notReady("no ack file"));
        }
        Coordinator c = new Coordinator(pp, runner, new InMemoryStateStore(), clock, null);
        var decisions = c.advanceTo(Instant.parse("2024-03-01T12:00:00Z"));

        Instant start = Instant.parse("2024-03-01T10:00:00Z");
        // pokes at 0, 300 s, …, 3600 s: 13 checks, the last one at the timeout
        assertThat(runner.callsOf("preload src")).extracting(call -> Instant.ofEpochMilli(call.atMillis()))
                .hasSize(13).startsWith(start, start.plusSeconds(300)).endsWith(start.plusSeconds(3600));
        assertThat(runner.steps()).doesNotContain("load src.ta", "load src.tb");
        RunRecord r = c.run("load:cron1@20240301T1000").orElseThrow();
        assertThat(r.status).isEqualTo(RunStatus.SKIPPED);
        assertThat(r.message).isEqualTo("preload src [ta, tb] (ACK) not ready after PT1H: no ack file");
        assertThat(decisions).filteredOn(d -> d.type() == Decision.Type.PRELOAD_WAITING).hasSize(12);
        assertThat(decisions).filteredOn(d -> d.type() == Decision.Type.FAILED).isEmpty();
    }

    @Test
    void notReadyThenReadyLoadsAtTheNextPoke() {
        ProjectPipelines pp = pipelines("pre_load_strategy: imported", "pre_load_poke_interval: 60",
                "pre_load_timeout: 600");
        runner.script("preload src", ctx -> Outcome.notReady("no file"), ctx -> Outcome.notReady("no file"));
        Coordinator c = new Coordinator(pp, runner, new InMemoryStateStore(), clock, null);
        c.advanceTo(Instant.parse("2024-03-01T10:30:00Z"));
        assertThat(runner.callsOf("load src.ta")).singleElement().satisfies(call -> assertThat(
                Instant.ofEpochMilli(call.atMillis())).isEqualTo(Instant.parse("2024-03-01T10:02:00Z")));
        assertThat(c.run("load:cron1@20240301T1000").orElseThrow().status).isEqualTo(RunStatus.SUCCEEDED);
        // the stage step ran once: a poke repeats the preload only
        assertThat(runner.callsOf("stage src")).hasSize(1);
    }

    @Test
    void unscheduledTablesWithAFilePreloadRunWhenTheirFilesArrive() {
        var project = new TestProject(root).dag("watch", "pre_load_strategy: pending")
                .table("src", "ta", "dagRef: \"watch\"").load();
        ProjectPipelines pp = ProjectPipelines.of(project, new RegexLineage(), DagOptions.read(root), Map.of());
        runner.script("preload src", ctx -> Outcome.notReady("none"), ctx -> Outcome.notReady("none"));
        Coordinator c = new Coordinator(pp, runner, new InMemoryStateStore(), clock, null);
        c.advanceTo(clock.instant().plus(Duration.ofMinutes(12)));
        // polls at 0, 5 and 10 minutes; files found at the third: one run, which stages, checks and loads
        assertThat(runner.steps()).containsExactly("preload src", "preload src", "preload src", "stage src", "preload src",
                "load src.ta");
        assertThat(c.runs()).singleElement().satisfies(r -> {
            assertThat(r.runId).isEqualTo("load:src@20240301T0940");
            assertThat(r.status).isEqualTo(RunStatus.SUCCEEDED);
        });
    }
}
