package dev.lakestation.jobs.coordinator;

import dev.lakestation.jobs.audit.DatasetEvent;
import dev.lakestation.jobs.audit.DatasetKind;
import dev.lakestation.jobs.audit.FileDatasetEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A coordinator replaced by a new one on the same {@link FileStateStore} (what a restart after {@code kill -9} gives):
 * nothing fires twice, nothing pending is forgotten.
 */
class RestartTest {

    @TempDir
    Path root;

    /** Thrown by a runner to stand for the process dying in the middle of a job (not caught as a job failure). */
    static final class Crash extends Error {
        Crash() {
            super("simulated kill -9");
        }
    }

    private ProjectPipelines pipelines(Map<String, String> overrides) {
        var project = new TestProject(root).table("src", "ta").table("src", "tb")
                .task("kpi", "both", "SELECT * FROM src.ta JOIN src.tb ON 1=1")
                .task("kpi", "hourly", "SELECT 1", "schedule: \"0 * * * *\"").load();
        return ProjectPipelines.of(project, new RegexLineage(), DagOptions.none(), overrides);
    }

    private FileStateStore store() {
        return new FileStateStore(root.resolve("datasets/coordinator/state.json"));
    }

    @Test
    void aPendingTriggerSurvivesTheRestartAndReplayedEventsDoNotFireAgain() {
        ManualClock clock = new ManualClock(Instant.parse("2024-03-01T10:00:00Z"));
        FakeRunner runner = new FakeRunner(clock);
        DatasetEvent a = event("src.ta", "r1", clock);
        DatasetEvent b = event("src.tb", "r1", clock);

        new Coordinator(pipelines(Map.of()), runner, store(), clock, null).onEvent(a);
        new Coordinator(pipelines(Map.of()), runner, store(), clock, null).onEvent(b);
        assertThat(runner.callsOf("transform kpi.both")).hasSize(1);

        Coordinator third = new Coordinator(pipelines(Map.of()), runner, store(), clock, null);
        assertThat(third.onEvent(a)).extracting(Decision::type).containsExactly(Decision.Type.DUPLICATE_EVENT);
        assertThat(third.onEvent(b)).extracting(Decision::type).containsExactly(Decision.Type.DUPLICATE_EVENT);
        assertThat(runner.callsOf("transform kpi.both")).hasSize(1);
    }

    @Test
    void eventsReadFromTheFileSourceAreHandledOnceAcrossRestarts() {
        ManualClock clock = new ManualClock(Instant.parse("2024-03-01T10:00:00Z"));
        FileDatasetEvents events = new FileDatasetEvents(root.resolve("datasets"));
        FakeRunner runner = new FakeRunner(clock).publishTo(events);
        events.publish(event("src.ta", "r1", clock));
        events.publish(event("src.tb", "r1", clock));
        events.publish(event("src.tb", "r1", clock)); // a publisher that retried: same id

        new Coordinator(pipelines(Map.of()), runner, store(), clock, events).tick();
        assertThat(runner.callsOf("transform kpi.both")).hasSize(1);
        // the task's own event went to the file too; the next coordinator reads from the stored position
        assertThat(events.readAfter(0, 100)).hasSize(4);

        Coordinator next = new Coordinator(pipelines(Map.of()), runner, store(), clock, events);
        // it reads only the task's event (already handled from the job's outcome): dropped as a duplicate
        assertThat(next.tick()).singleElement().satisfies(x -> {
            assertThat(x.type()).isEqualTo(Decision.Type.DUPLICATE_EVENT);
            assertThat(x.detail()).startsWith("kpi.both event ");
        });
        assertThat(new Coordinator(pipelines(Map.of()), runner, store(), clock, events).tick()).isEmpty();
        assertThat(runner.callsOf("transform kpi.both")).hasSize(1);
    }

    /**
     * A coordinator started for the first time on a datasets folder that already has events (an earlier
     * {@code lakestation run}, another system): those older than its state are history — recorded as the datasets'
     * last events, firing nothing — as cron ticks before the first start are; newer ones trigger as usual.
     */
    @Test
    void onAFirstStartEventsFromBeforeItAreHistoryAndNewerOnesTrigger() {
        ManualClock clock = new ManualClock(Instant.parse("2024-03-01T09:00:00Z"));
        FileDatasetEvents events = new FileDatasetEvents(root.resolve("datasets"));
        events.publish(event("src.ta", "old", clock));
        events.publish(event("src.tb", "old", clock));
        clock.advance(java.time.Duration.ofHours(1));
        FakeRunner runner = new FakeRunner(clock).publishTo(events);

        Coordinator c = new Coordinator(pipelines(Map.of()), runner, store(), clock, events);
        c.tick();
        assertThat(runner.callsOf("transform kpi.both")).isEmpty();
        assertThat(store().load().orElseThrow().datasets).containsKeys("src.ta", "src.tb");

        clock.advance(java.time.Duration.ofMinutes(1));
        events.publish(event("src.ta", "new", clock));
        events.publish(event("src.tb", "new", clock));
        new Coordinator(pipelines(Map.of()), runner, store(), clock, events).tick();
        assertThat(runner.callsOf("transform kpi.both")).hasSize(1);
    }

    @Test
    void ticksMissedWhileDownRunOnceOnlyTheLatestByDefault() {
        ManualClock clock = new ManualClock(Instant.parse("2024-03-01T09:30:00Z"));
        FakeRunner runner = new FakeRunner(clock);
        new Coordinator(pipelines(Map.of()), runner, store(), clock, null)
                .advanceTo(Instant.parse("2024-03-01T10:30:00Z"));
        ManualClock later = new ManualClock(Instant.parse("2024-03-01T13:30:00Z"));
        List<Decision> d = new Coordinator(pipelines(Map.of()), new FakeRunner(later), store(), later, null).tick();
        Coordinator again = new Coordinator(pipelines(Map.of()), runner, store(), later, null);
        again.tick();

        assertThat(d).filteredOn(x -> x.type() == Decision.Type.TRIGGERED).singleElement().satisfies(x -> {
            assertThat(x.runId()).isEqualTo("transform:kpi.hourly@20240301T1300");
            assertThat(x.detail()).isEqualTo("cron 0 * * * * (latest of 3 missed ticks, catchup false)");
        });
        assertThat(again.runs()).extracting(r -> r.runId).containsExactly("transform:kpi.hourly@20240301T1000",
                "transform:kpi.hourly@20240301T1300");
    }

    @Test
    void withCatchupEveryMissedTickRunsOnce() {
        ManualClock clock = new ManualClock(Instant.parse("2024-03-01T09:30:00Z"));
        new Coordinator(pipelines(Map.of("catchup", "true")), new FakeRunner(clock), store(), clock, null)
                .advanceTo(Instant.parse("2024-03-01T10:30:00Z"));
        ManualClock later = new ManualClock(Instant.parse("2024-03-01T13:30:00Z"));
        FakeRunner runner = new FakeRunner(later);
        new Coordinator(pipelines(Map.of("catchup", "true")), runner, store(), later, null).tick();
        new Coordinator(pipelines(Map.of("catchup", "true")), runner, store(), later, null).tick();
        assertThat(runner.callsOf("transform kpi.hourly")).extracting(c -> c.ctx().slSchedule())
                .containsExactly("20240301T1100", "20240301T1200", "20240301T1300");
    }

    @Test
    void aCrashDuringAJobCountsAsAFailedAttemptAndTheSameRunIsRetried() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2024-03-01T10:00:00Z"));
        FakeRunner crashing = new FakeRunner(clock).script("transform kpi.both", ctx -> {
            throw new Crash();
        });
        Coordinator first = new Coordinator(pipelines(Map.of()), crashing, store(), clock, null);
        first.onEvent(event("src.ta", "r1", clock));
        try {
            first.onEvent(event("src.tb", "r1", clock));
        } catch (Crash expected) {
            // the process "died" here
        }
        assertThat(Files.readString(root.resolve("datasets/coordinator/state.json"))).contains("\"RUNNING\"");

        ManualClock later = new ManualClock(Instant.parse("2024-03-01T10:01:00Z"));
        FakeRunner runner = new FakeRunner(later);
        Coordinator second = new Coordinator(pipelines(Map.of()), runner, store(), later, null);
        List<Decision> d = second.advanceTo(Instant.parse("2024-03-01T10:10:00Z"));

        assertThat(d).extracting(Decision::type).startsWith(Decision.Type.INTERRUPTED, Decision.Type.RETRY_SCHEDULED);
        assertThat(runner.callsOf("transform kpi.both")).singleElement().satisfies(c -> {
            assertThat(c.ctx().attempt()).isEqualTo(2);
            assertThat(Instant.ofEpochMilli(c.atMillis())).isEqualTo(Instant.parse("2024-03-01T10:06:00Z"));
        });
        assertThat(second.runs()).filteredOn(r -> r.pipeline.equals("transform:kpi.both")).singleElement()
                .satisfies(r -> assertThat(r.status).isEqualTo(RunStatus.SUCCEEDED));
    }

    @Test
    void aJobThatFinishedJustBeforeTheCrashIsNotRunAgain() {
        ManualClock clock = new ManualClock(Instant.parse("2024-03-01T10:00:00Z"));
        FileDatasetEvents events = new FileDatasetEvents(root.resolve("datasets"));
        FakeRunner crashing = new FakeRunner(clock).script("transform kpi.both", ctx -> {
            events.publish(FakeRunner.event("kpi.both", DatasetKind.TRANSFORM, ctx, clock)); // committed, published…
            throw new Crash();                                                                  // …then killed
        });
        Coordinator first = new Coordinator(pipelines(Map.of()), crashing, store(), clock, events);
        first.onEvent(event("src.ta", "r1", clock));
        try {
            first.onEvent(event("src.tb", "r1", clock));
        } catch (Crash expected) {
            // died after the job's commit, before the coordinator recorded it
        }

        FakeRunner runner = new FakeRunner(clock);
        Coordinator second = new Coordinator(pipelines(Map.of()), runner, store(), clock, events);
        List<Decision> d = second.advanceTo(Instant.parse("2024-03-01T10:30:00Z"));
        assertThat(runner.callsOf("transform kpi.both")).isEmpty();
        assertThat(d).filteredOn(x -> x.type() == Decision.Type.INTERRUPTED).singleElement().extracting(
                Decision::detail).asString().contains("its event was seen");
        assertThat(second.run(second.runs().stream().filter(r -> r.pipeline.equals("transform:kpi.both"))
                .findFirst().orElseThrow().runId).orElseThrow().status).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void theStateFileIsReplacedWholeAndAStaleTempFileIsHarmless() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2024-03-01T10:00:00Z"));
        Path file = root.resolve("datasets/coordinator/state.json");
        new Coordinator(pipelines(Map.of()), new FakeRunner(clock), store(), clock, null)
                .onEvent(event("src.ta", "r1", clock));
        Files.writeString(file.resolveSibling("state.json.tmp"), "{\"half\": "); // a save cut by a crash
        assertThat(store().load()).get().satisfies(s -> assertThat(s.triggers.get("transform:kpi.both").pending)
                .containsOnlyKeys("src.ta"));
        new Coordinator(pipelines(Map.of()), new FakeRunner(clock), store(), clock, null)
                .onEvent(event("src.tb", "r1", clock));
        assertThat(Files.exists(file.resolveSibling("state.json.tmp"))).isFalse();
        assertThat(store().load().orElseThrow().runs).hasSize(1);
    }

    private static DatasetEvent event(String dataset, String run, ManualClock clock) {
        return DatasetEvent.of(dataset, DatasetKind.LOAD, run, null, 1, 1, 0, clock.instant());
    }
}
