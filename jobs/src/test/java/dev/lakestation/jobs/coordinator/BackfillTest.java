package dev.lakestation.jobs.coordinator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code backfill --reprocess none|failed|all} and {@code trigger}'s default period, on the coordinator's rules. */
class BackfillTest {

    @TempDir
    Path root;

    private ProjectPipelines pipelines() {
        var project = new TestProject(root).table("src", "ta")
                .task("kpi", "daily", "SELECT 1", "schedule: \"0 0 * * *\"")
                .task("kpi", "adhoc", "SELECT 1").load();
        return ProjectPipelines.of(project, new RegexLineage(), DagOptions.none(), Map.of("retries", "0"));
    }

    @Test
    void eachPeriodOfTheRangeRunsOnceAndAgainOnlyAsReprocessSays() {
        ManualClock clock = new ManualClock(Instant.parse("2024-03-10T12:00:00Z"));
        FakeRunner runner = new FakeRunner(clock)
                .script("transform kpi.daily", ctx -> Outcome.succeeded(List.of()),
                        ctx -> Outcome.failed("disk full"));
        Coordinator c = new Coordinator(pipelines(), runner, new InMemoryStateStore(), clock, null);

        c.backfill("transform:kpi.daily", Instant.parse("2024-03-01T00:00:00Z"),
                Instant.parse("2024-03-03T00:00:00Z"), Reprocess.NONE);
        assertThat(runner.callsOf("transform kpi.daily")).extracting(x -> x.ctx().runId()).containsExactly(
                "transform:kpi.daily@20240301T0000", "transform:kpi.daily@20240302T0000",
                "transform:kpi.daily@20240303T0000");
        assertThat(runner.callsOf("transform kpi.daily")).extracting(x -> x.ctx().slSchedule())
                .containsExactly("20240301T0000", "20240302T0000", "20240303T0000");

        // none: nothing to do; failed: only 03-02 (failed); all: every period, as new runs of the same periods
        List<Decision> none = c.backfill("transform:kpi.daily", Instant.parse("2024-03-01T00:00:00Z"),
                Instant.parse("2024-03-03T00:00:00Z"), Reprocess.NONE);
        assertThat(none).extracting(Decision::type).containsOnly(Decision.Type.ALREADY_RAN);
        c.backfill("transform:kpi.daily", Instant.parse("2024-03-01T00:00:00Z"),
                Instant.parse("2024-03-03T00:00:00Z"), Reprocess.FAILED);
        assertThat(runner.callsOf("transform kpi.daily")).hasSize(4).last()
                .satisfies(x -> assertThat(x.ctx().runId()).isEqualTo("transform:kpi.daily@20240302T0000.r2"))
                .satisfies(x -> assertThat(x.ctx().slSchedule()).isEqualTo("20240302T0000"));
        c.backfill("transform:kpi.daily", Instant.parse("2024-03-01T00:00:00Z"),
                Instant.parse("2024-03-03T00:00:00Z"), Reprocess.FAILED);
        assertThat(runner.callsOf("transform kpi.daily")).hasSize(4); // 03-02's last run succeeded now
        c.backfill("transform:kpi.daily", Instant.parse("2024-03-01T10:00:00Z"),
                Instant.parse("2024-03-02T00:00:00Z"), Reprocess.ALL);
        assertThat(runner.callsOf("transform kpi.daily")).extracting(x -> x.ctx().runId()).endsWith(
                "transform:kpi.daily@20240302T0000.r3");
        assertThat(c.runs()).extracting(r -> r.status).containsOnly(RunStatus.SUCCEEDED, RunStatus.FAILED);
    }

    @Test
    void aPipelineWithoutCronHasNoPeriodsAndTriggerUsesAManualKey() {
        ManualClock clock = new ManualClock(Instant.parse("2024-03-10T12:34:00Z"));
        Coordinator c = new Coordinator(pipelines(), new FakeRunner(clock), new InMemoryStateStore(), clock, null);
        assertThatThrownBy(() -> c.backfill("transform:kpi.adhoc", Instant.EPOCH, clock.instant(), Reprocess.NONE))
                .hasMessageContaining("transform:kpi.adhoc has no cron");
        assertThat(c.defaultPeriod("transform:kpi.adhoc")).isEqualTo("manual-20240310T1234");
        assertThat(c.defaultPeriod("transform:kpi.daily")).isEqualTo("20240310T0000");
        c.trigger("transform:kpi.daily", c.defaultPeriod("transform:kpi.daily"));
        assertThat(c.trigger("transform:kpi.daily", "20240310T0000")).extracting(Decision::type)
                .containsExactly(Decision.Type.ALREADY_RAN);
    }

    @Test
    void namesOnTheCommandLineResolveToPipelines() {
        ProjectPipelines pp = pipelines();
        assertThat(pp.resolve("kpi.daily").id()).isEqualTo("transform:kpi.daily");
        assertThat(pp.resolve("KPI.Daily").id()).isEqualTo("transform:kpi.daily");
        assertThat(pp.resolve("src.ta").id()).isEqualTo("load:src");
        assertThat(pp.resolve("load:src").id()).isEqualTo("load:src");
        assertThatThrownBy(() -> pp.resolve("nope.x")).hasMessageStartingWith("no pipeline, task or dataset 'nope.x'");
    }
}
