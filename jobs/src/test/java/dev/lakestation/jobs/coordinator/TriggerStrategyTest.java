package dev.lakestation.jobs.coordinator;

import dev.lakestation.jobs.audit.DatasetEvent;
import dev.lakestation.jobs.audit.DatasetKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dataset_triggering_strategy} all vs any, for inputs without cron (Airflow dataset semantics). */
class TriggerStrategyTest {

    @TempDir
    Path root;

    private final ManualClock clock = new ManualClock(Instant.parse("2024-03-01T10:00:00Z"));
    private final FakeRunner runner = new FakeRunner(clock);

    private Coordinator coordinator() {
        var project = new TestProject(root)
                .table("src", "ta").table("src", "tb")
                .dag("anydag", "dataset_triggering_strategy: any")
                .task("k", "t_all", "SELECT * FROM src.ta JOIN src.tb ON 1=1")
                .task("k", "t_any", "SELECT * FROM src.ta JOIN src.tb ON 1=1", "dagRef: \"anydag\"").load();
        ProjectPipelines pp = ProjectPipelines.of(project, new RegexLineage(), DagOptions.read(root), Map.of());
        assertThat(pp.pipeline("transform:k.t_any").orElseThrow().options().triggerStrategy())
                .isEqualTo(TriggerStrategy.ANY);
        assertThat(pp.pipeline("transform:k.t_all").orElseThrow().options().triggerStrategy())
                .isEqualTo(TriggerStrategy.ALL);
        return new Coordinator(pp, runner, new InMemoryStateStore(), clock, null);
    }

    @Test
    void anyFiresOnEveryNewInputEventAllOnceEveryInputHasANewOne() {
        Coordinator c = coordinator();
        c.onEvent(event("src.ta", "r1"));
        assertThat(runner.steps()).containsExactly("transform k.t_any");
        c.onEvent(event("src.ta", "r2")); // a again: any fires again, all still waits for b
        c.onEvent(event("src.tb", "r1"));
        assertThat(runner.callsOf("transform k.t_any")).hasSize(3);
        assertThat(runner.callsOf("transform k.t_all")).hasSize(1);
        c.onEvent(event("src.tb", "r2")); // all waits for a new a
        assertThat(runner.callsOf("transform k.t_all")).hasSize(1);
        c.onEvent(event("src.ta", "r3"));
        assertThat(runner.callsOf("transform k.t_all")).hasSize(2);
        assertThat(runner.callsOf("transform k.t_any")).hasSize(5);
    }

    @Test
    void aDuplicateEventTriggersNothing() {
        Coordinator c = coordinator();
        c.onEvent(event("src.ta", "r1"));
        var d = c.onEvent(event("src.ta", "r1"));
        assertThat(d).extracting(Decision::type).containsExactly(Decision.Type.DUPLICATE_EVENT);
        c.onEvent(event("src.tb", "r1"));
        assertThat(runner.callsOf("transform k.t_any")).hasSize(2);
        assertThat(runner.callsOf("transform k.t_all")).hasSize(1);
    }

    @Test
    void projectWideDefaultComesFromTheApplicationsTransformDagRefAndOverridesWin() {
        var project = new TestProject(root).table("src", "ta")
                .application("dagRef: {transform: \"anydag\"}")
                .dag("anydag", "dataset_triggering_strategy: any")
                .task("k", "t", "SELECT * FROM src.ta").load();
        assertThat(ProjectPipelines.of(project, new RegexLineage(), DagOptions.read(root), Map.of())
                .pipeline("transform:k.t").orElseThrow().options().triggerStrategy()).isEqualTo(TriggerStrategy.ANY);
        assertThat(ProjectPipelines.of(project, new RegexLineage(), DagOptions.read(root),
                Map.of("dataset_triggering_strategy", "all")).pipeline("transform:k.t").orElseThrow().options()
                .triggerStrategy()).isEqualTo(TriggerStrategy.ALL);
    }

    @Test
    void aTaskWithItsOwnScheduleRunsOnItsCronNotOnEvents() {
        var project = new TestProject(root).table("src", "ta")
                .task("k", "t", "SELECT * FROM src.ta", "schedule: \"30 * * * *\"").load();
        ProjectPipelines pp = ProjectPipelines.of(project, new RegexLineage(), DagOptions.none(), Map.of());
        Coordinator c = new Coordinator(pp, runner, new InMemoryStateStore(), clock, null);
        c.onEvent(event("src.ta", "r1"));
        assertThat(runner.steps()).isEmpty();
        c.advanceTo(Instant.parse("2024-03-01T12:00:00Z"));
        assertThat(runner.callsOf("transform k.t")).extracting(call -> call.ctx().slSchedule())
                .containsExactly("20240301T1030", "20240301T1130");
    }

    private DatasetEvent event(String dataset, String run) {
        return DatasetEvent.of(dataset, DatasetKind.LOAD, run, null, 1, 1, 0, clock.instant());
    }
}
