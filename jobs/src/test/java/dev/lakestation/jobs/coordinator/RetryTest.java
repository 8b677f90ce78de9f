package dev.lakestation.jobs.coordinator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** retries / retry_delay and the run timeout. */
class RetryTest {

    @TempDir
    Path root;

    private final ManualClock clock = new ManualClock(Instant.parse("2024-03-01T09:30:00Z"));
    private final FakeRunner runner = new FakeRunner(clock);
    private static final Instant TEN = Instant.parse("2024-03-01T10:00:00Z");

    private Coordinator coordinator(Map<String, String> overrides, String... taskLines) {
        var project = new TestProject(root)
                .task("kpi", "hourly", "SELECT 1", concat("schedule: \"0 * * * *\"", taskLines)).load();
        return new Coordinator(ProjectPipelines.of(project, new RegexLineage(), DagOptions.none(), overrides), runner,
                new InMemoryStateStore(), clock, null);
    }

    @Test
    void failedAttemptsAreRetriedAfterTheDelayThenSucceed() {
        runner.script("transform kpi.hourly", ctx -> Outcome.failed("disk full"), ctx -> Outcome.failed("disk full"));
        Coordinator c = coordinator(Map.of("retries", "2", "retry_delay", "120"));
        var d = c.advanceTo(Instant.parse("2024-03-01T10:30:00Z"));

        assertThat(runner.callsOf("transform kpi.hourly")).extracting(call -> Instant.ofEpochMilli(call.atMillis()))
                .containsExactly(TEN, TEN.plusSeconds(120), TEN.plusSeconds(240));
        assertThat(runner.callsOf("transform kpi.hourly")).extracting(call -> call.ctx().attempt())
                .containsExactly(1, 2, 3);
        assertThat(runner.callsOf("transform kpi.hourly")).extracting(call -> call.ctx().runId()).containsOnly(
                "transform:kpi.hourly@20240301T1000");
        assertThat(c.run("transform:kpi.hourly@20240301T1000").orElseThrow().status).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(d).filteredOn(x -> x.type() == Decision.Type.RETRY_SCHEDULED).extracting(Decision::detail)
                .containsExactly("attempt 1 failed (transform kpi.hourly: disk full); attempt 2 of 3 at "
                        + TEN.plusSeconds(120), "attempt 2 failed (transform kpi.hourly: disk full); attempt 3 of 3 at "
                        + TEN.plusSeconds(240));
    }

    @Test
    void exhaustedRetriesFailTheRunWhichIsNeverRunAgainOnLaterTicks() {
        for (int i = 0; i < 3; i++) {
            runner.script("transform kpi.hourly", ctx -> Outcome.failed("bad sql"));
        }
        Coordinator c = coordinator(Map.of("retries", "1", "retry_delay", "60"));
        c.advanceTo(Instant.parse("2024-03-01T11:30:00Z"));

        RunRecord r = c.run("transform:kpi.hourly@20240301T1000").orElseThrow();
        assertThat(r.status).isEqualTo(RunStatus.FAILED);
        assertThat(r.attempt).isEqualTo(2);
        assertThat(r.message).isEqualTo("transform kpi.hourly: bad sql");
        // 10:00 twice (attempt + retry), then the 11:00 period once: its first attempt fails too, the retry succeeds
        assertThat(runner.callsOf("transform kpi.hourly")).extracting(call -> call.ctx().runId() + "#"
                + call.ctx().attempt()).containsExactly("transform:kpi.hourly@20240301T1000#1",
                "transform:kpi.hourly@20240301T1000#2", "transform:kpi.hourly@20240301T1100#1",
                "transform:kpi.hourly@20240301T1100#2");
        c.trigger("transform:kpi.hourly", "20240301T1000"); // a manual trigger does not re-run a done period
        assertThat(runner.callsOf("transform kpi.hourly")).hasSize(4);
    }

    @Test
    void aJobPastItsDeadlineTimesOutAndTheDeadlineIsTheTasksTimeout() {
        runner.script("transform kpi.hourly", ctx -> {
            clock.set(ctx.deadline()); // a real runner cancels the job at the deadline
            return Outcome.timedOut("cancelled");
        }, ctx -> {
            clock.advance(Duration.ofMinutes(5)); // a failure reported after the deadline counts as a timeout too
            return Outcome.failed("lost task manager");
        });
        Coordinator c = coordinator(Map.of("retries", "1", "retry_delay", "10"), "taskTimeoutMs: 60000");
        c.advanceTo(Instant.parse("2024-03-01T10:05:00Z"));

        assertThat(runner.callsOf("transform kpi.hourly").get(0).ctx().deadline()).isEqualTo(TEN.plusSeconds(60));
        RunRecord r = c.run("transform:kpi.hourly@20240301T1000").orElseThrow();
        assertThat(r.status).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(r.message).isEqualTo("transform kpi.hourly: timed out after PT1M: lost task manager");
    }

    @Test
    void runTimeoutOptionAppliesWhenTheTaskHasNone() {
        Coordinator c = coordinator(Map.of("run_timeout", "2 hours"));
        c.advanceTo(TEN);
        assertThat(runner.callsOf("transform kpi.hourly").get(0).ctx().deadline()).isEqualTo(TEN.plusSeconds(7200));
    }

    private static String[] concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
