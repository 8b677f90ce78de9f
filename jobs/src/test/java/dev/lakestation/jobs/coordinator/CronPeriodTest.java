package dev.lakestation.jobs.coordinator;

import dev.lakestation.jobs.audit.DatasetEvent;
import dev.lakestation.jobs.audit.DatasetKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Cron-period alignment ({@code sl_schedule}): an hourly and a daily input feeding an {@code all} task. */
class CronPeriodTest {

    @TempDir
    Path root;

    private Coordinator coordinator(ManualClock clock, FakeRunner runner) {
        var project = new TestProject(root)
                .application("schedulePresets: {daily: \"0 0 * * *\"}")
                .table("sales", "daily", "schedule: \"daily\"")
                .table("sales", "hourly", "schedule: \"0 * * * *\"")
                .task("kpi", "t", "SELECT * FROM sales.hourly h JOIN sales.daily d ON h.id = d.id").load();
        ProjectPipelines pp = ProjectPipelines.of(project, new RegexLineage(), DagOptions.none(), Map.of());
        return new Coordinator(pp, runner, new InMemoryStateStore(), clock, null);
    }

    @Test
    void schedulesArePipelinesAndTheTaskGetsTheMostFrequentCron() {
        var project = new TestProject(root)
                .application("schedulePresets: {daily: \"0 0 * * *\"}")
                .table("sales", "daily", "schedule: \"daily\"")
                .table("sales", "hourly", "schedule: \"0 * * * *\"")
                .task("kpi", "t", "SELECT * FROM sales.hourly h JOIN sales.daily d ON h.id = d.id").load();
        ProjectPipelines pp = ProjectPipelines.of(project, new RegexLineage(), DagOptions.none(), Map.of());
        assertThat(pp.all()).extracting(Pipeline::id).containsExactly("load:daily", "load:cron1", "transform:kpi.t");
        assertThat(pp.triggerCron("transform:kpi.t")).get().extracting(CronSchedule::expression)
                .isEqualTo("0 * * * *");
        assertThat(pp.datasetCron("kpi.t")).get().extracting(CronSchedule::expression).isEqualTo("0 * * * *");
    }

    @Test
    void theAllTaskFiresOncePerPeriodWhenEveryInputCoversIt() {
        ManualClock clock = new ManualClock(Instant.parse("2024-03-01T00:30:00Z"));
        FakeRunner runner = new FakeRunner(clock);
        Coordinator c = coordinator(clock, runner);

        c.advanceTo(Instant.parse("2024-03-01T23:59:00Z"));
        assertThat(runner.steps()).filteredOn("load sales.hourly"::equals).hasSize(23); // 01:00 … 23:00
        assertThat(runner.steps()).doesNotContain("transform kpi.t"); // no daily event yet

        c.advanceTo(Instant.parse("2024-03-02T03:30:00Z"));
        // at 00:00 the daily load runs first: its event (newer than the 2024-03-01 daily period) completes the
        // hourly period 23:00 already there; then each hourly event of 2024-03-02 is covered by the daily one
        assertThat(runner.callsOf("transform kpi.t")).extracting(call -> call.ctx().slSchedule())
                .containsExactly("20240301T2300", "20240302T0000", "20240302T0100", "20240302T0200",
                        "20240302T0300");
        assertThat(runner.callsOf("transform kpi.t")).extracting(call -> call.ctx().runId())
                .doesNotHaveDuplicates().allMatch(id -> id.startsWith("transform:kpi.t@2024030"));
        assertThat(runner.callsOf("load sales.daily")).singleElement()
                .satisfies(call -> assertThat(call.ctx().slSchedule()).isEqualTo("20240302T0000"));
    }

    @Test
    void anInputAheadFiresTheNewestCoveredPeriodOnceAndAnOlderOrDuplicateEventNothing() {
        ManualClock clock = new ManualClock(Instant.parse("2024-03-01T00:30:00Z"));
        FakeRunner runner = new FakeRunner(clock);
        Coordinator c = coordinator(clock, runner);
        c.onEvent(event("sales.daily", "20240301T0000", "d1"));
        List<Decision> d = c.onEvent(event("sales.hourly", "20240301T0500", "h5"));
        assertThat(runner.callsOf("transform kpi.t")).extracting(call -> call.ctx().slSchedule())
                .containsExactly("20240301T0500");

        d = c.onEvent(event("sales.hourly", "20240301T0300", "h3")); // late, older period: already superseded
        assertThat(d).extracting(Decision::type).containsExactly(Decision.Type.WAITING);
        assertThat(d.get(0).detail()).isEqualTo("period 20240301T0600 waits for sales.hourly");
        d = c.onEvent(event("sales.hourly", "20240301T0500", "h5")); // same event again
        assertThat(d).extracting(Decision::type).containsExactly(Decision.Type.DUPLICATE_EVENT);
        assertThat(runner.callsOf("transform kpi.t")).hasSize(1);
    }

    @Test
    void theTasksOwnEventCarriesItsPeriod() {
        ManualClock clock = new ManualClock(Instant.parse("2024-03-01T00:30:00Z"));
        FakeRunner runner = new FakeRunner(clock);
        Coordinator c = coordinator(clock, runner);
        c.onEvent(event("sales.daily", "20240301T0000", "d1"));
        c.onEvent(event("sales.hourly", "20240301T0000", "h0"));
        RunRecord r = c.run("transform:kpi.t@20240301T0000").orElseThrow();
        assertThat(r.status).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.periodTick).isEqualTo(Instant.parse("2024-03-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void anyWithPeriodsRunsOncePerPeriodWhicheverInputComesFirst() {
        var project = new TestProject(root)
                .application("schedulePresets: {daily: \"0 0 * * *\"}")
                .table("sales", "daily", "schedule: \"daily\"")
                .table("sales", "hourly", "schedule: \"0 * * * *\"")
                .task("kpi", "t", "SELECT * FROM sales.hourly h JOIN sales.daily d ON h.id = d.id").load();
        ProjectPipelines pp = ProjectPipelines.of(project, new RegexLineage(), DagOptions.none(),
                Map.of("dataset_triggering_strategy", "any"));
        ManualClock clock = new ManualClock(Instant.parse("2024-03-01T00:30:00Z"));
        FakeRunner runner = new FakeRunner(clock);
        Coordinator c = new Coordinator(pp, runner, new InMemoryStateStore(), clock, null);
        c.onEvent(event("sales.hourly", "20240301T0000", "h0"));
        c.onEvent(event("sales.daily", "20240301T0000", "d0")); // same period: no second run
        c.onEvent(event("sales.hourly", "20240301T0100", "h1"));
        assertThat(runner.callsOf("transform kpi.t")).extracting(call -> call.ctx().slSchedule())
                .containsExactly("20240301T0000", "20240301T0100");
    }

    static DatasetEvent event(String dataset, String slSchedule, String run) {
        return DatasetEvent.of(dataset, DatasetKind.LOAD, run, slSchedule, 1, 1, 0,
                Instant.parse("2024-03-01T00:00:00Z"));
    }
}
