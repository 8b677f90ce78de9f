package dev.lakestation.jobs.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run history is bounded ({@link Coordinator#KEPT_FINISHED_RUNS} finished runs per pipeline): a coordinator that
 * runs an hourly task for months keeps a state of constant size (one key-value entry with a broker, which the
 * server's max_payload bounds), and a period whose run was dropped stays done — no second run from a trigger or
 * a plain backfill; {@code backfill --reprocess all} still re-runs it.
 */
class RunHistoryTest {

    @TempDir
    Path root;

    @Test
    void theHistoryStaysBoundedAndPrunedPeriodsStayDone() {
        var project = new TestProject(root).table("src", "ta")
                .task("kpi", "often", "SELECT 1", "schedule: \"* * * * *\"").load();
        ProjectPipelines pipelines = ProjectPipelines.of(project, new RegexLineage(), DagOptions.none(),
                Map.of("retries", "0"));
        ManualClock clock = new ManualClock(Instant.parse("2024-03-01T00:00:30Z"));
        FakeRunner runner = new FakeRunner(clock);
        InMemoryStateStore store = new InMemoryStateStore();
        Coordinator c = new Coordinator(pipelines, runner, store, clock, null);
        c.tick(); // first start: the next tick fires

        int ticks = Coordinator.KEPT_EVENT_IDS + 100; // every minute, more than the event ids kept
        c.advanceTo(clock.instant().plus(Duration.ofMinutes(ticks)));
        List<String> ran = runner.callsOf("transform kpi.often").stream().map(x -> x.ctx().runId()).toList();
        assertThat(ran).hasSize(ticks).doesNotHaveDuplicates()
                .startsWith("transform:kpi.often@20240301T0001");
        assertThat(c.runs()).filteredOn(r -> r.pipeline.equals("transform:kpi.often"))
                .hasSize(Coordinator.KEPT_FINISHED_RUNS)
                .extracting(r -> r.runId).endsWith(ran.get(ran.size() - 1));
        CoordinatorState state = store.load().orElseThrow();
        assertThat(state.seenEvents).hasSize(Coordinator.KEPT_EVENT_IDS);
        int size = StateJson.write(state).length();
        c.advanceTo(clock.instant().plus(Duration.ofMinutes(300)));
        assertThat(StateJson.write(store.load().orElseThrow()).length()).isBetween(size - 500, size + 500);

        // the first period's run was dropped: still done for a manual trigger and a plain backfill
        assertThat(c.trigger("transform:kpi.often", "20240301T0001")).extracting(Decision::type)
                .containsExactly(Decision.Type.ALREADY_RAN);
        Instant from = Instant.parse("2024-03-01T00:01:00Z");
        Instant to = Instant.parse("2024-03-01T00:02:00Z");
        c.backfill("transform:kpi.often", from, to, Reprocess.NONE);
        c.backfill("transform:kpi.often", from, to, Reprocess.FAILED);
        assertThat(runner.callsOf("transform kpi.often")).hasSize(ticks + 300);
        // --reprocess all runs them again
        c.backfill("transform:kpi.often", from, to, Reprocess.ALL);
        assertThat(runner.callsOf("transform kpi.often")).hasSize(ticks + 302).last().satisfies(x -> {
            assertThat(x.ctx().runId()).isEqualTo("transform:kpi.often@20240301T0002");
            assertThat(x.ctx().slSchedule()).isEqualTo("20240301T0002");
        });
    }
}
