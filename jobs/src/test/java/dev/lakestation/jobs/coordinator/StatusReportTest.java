package dev.lakestation.jobs.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code status} and {@code status --why} from the state alone: an hourly and a daily input feeding an {@code all}
 * task (the {@link CronPeriodTest} project), explained before, during and after the daily input arrives.
 */
class StatusReportTest {

    @TempDir
    Path root;

    private ProjectPipelines pipelines() {
        var project = new TestProject(root)
                .application("schedulePresets: {daily: \"0 0 * * *\"}")
                .table("sales", "daily", "schedule: \"daily\"", "freshness: {warn: \"2 hours\"}")
                .table("sales", "hourly", "schedule: \"0 * * * *\"")
                .task("kpi", "t", "SELECT * FROM sales.hourly h JOIN sales.daily d ON h.id = d.id").load();
        return ProjectPipelines.of(project, new RegexLineage(), DagOptions.none(), Map.of());
    }

    @Test
    void statusListsRunsWaitsNextCronTimesAndAlerts() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2024-03-01T00:30:00Z"));
        FakeRunner runner = new FakeRunner(clock).script("load sales.hourly", ctx -> {
                    ctx.flinkJobSubmitted("0123456789abcdef0123456789abcdef");
                    return Outcome.succeeded(List.of());
                }, ctx -> Outcome.failed("bad file"), ctx -> Outcome.failed("bad file"));
        InMemoryStateStore store = new InMemoryStateStore();
        Coordinator c = new Coordinator(pipelines(), runner, store, clock, null);
        c.advanceTo(Instant.parse("2024-03-01T03:30:00Z"));

        StatusReport r = StatusReport.of(pipelines(), store.load().orElseThrow(), clock.instant());
        assertThat(r.runs()).extracting(StatusReport.RunView::runId, StatusReport.RunView::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("load:cron1@20240301T0300", "SUCCEEDED"),
                org.assertj.core.groups.Tuple.tuple("load:cron1@20240301T0200", "FAILED"),
                org.assertj.core.groups.Tuple.tuple("load:cron1@20240301T0100", "SUCCEEDED"));
        assertThat(r.runs().get(1).message()).isEqualTo("load sales.hourly: bad file");
        assertThat(r.runs().get(1).attempt()).isEqualTo(2);
        assertThat(r.runs().get(0).started()).isEqualTo("2024-03-01T03:00:00Z");
        assertThat(r.runs().get(2).flinkJobId()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(r.runs().get(2).flinkJobIds()).containsExactly("0123456789abcdef0123456789abcdef");
        assertThat(r.runs().get(1).flinkJobId()).as("its job calls reported no Flink job").isNull();
        assertThat(r.pipelines()).filteredOn(p -> p.id().equals("load:cron1")).singleElement().satisfies(p -> {
            assertThat(p.nextRun()).isEqualTo("2024-03-01T04:00:00Z");
            assertThat(p.lastTick()).isEqualTo("20240301T0300");
            assertThat(p.trigger()).isEqualTo("cron 0 * * * * (UTC)");
        });
        assertThat(r.pipelines()).filteredOn(p -> p.id().equals("transform:kpi.t")).singleElement()
                .satisfies(p -> assertThat(p.waiting()).extracting(StatusReport.Wait::dataset)
                        .containsExactly("sales.daily"));
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.dataset()).isEqualTo("sales.daily");
            assertThat(a.alert()).isEqualTo("WARN");
            assertThat(a.lastEvent()).isNull(); // never written: counted from the first start, 00:30
            assertThat(a.warnAfter()).isEqualTo("PT2H");
        });
        JsonNode json = new ObjectMapper().readTree(c.status().toJson());
        assertThat(json.get("runs").size()).isEqualTo(c.runs().size());
        assertThat(json.get("runs").get(2).get("flinkJobId").asText()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(json.get("pipelines").get(0).get("id").asText()).isEqualTo("load:daily");
        assertThat(json.get("alerts").get(0).get("alert").asText()).isEqualTo("WARN");
    }

    @Test
    void whyExplainsRuleByRuleAWaitingARanAndASupersededPeriod() {
        ManualClock clock = new ManualClock(Instant.parse("2024-03-01T00:30:00Z"));
        InMemoryStateStore store = new InMemoryStateStore();
        Coordinator c = new Coordinator(pipelines(), new FakeRunner(clock), store, clock, null);
        c.advanceTo(Instant.parse("2024-03-01T03:30:00Z"));

        WhyReport waiting = WhyReport.of(pipelines(), store.load().orElseThrow(), "transform:kpi.t",
                "20240301T0300", clock.instant());
        assertThat(waiting.verdict()).isEqualTo("WAITING");
        assertThat(waiting.toText()).isEqualTo("""
                transform:kpi.t for period 20240301T0300: WAITING
                  [..] trigger: datasets (all) on computed cron 0 * * * *
                    [ok] sales.hourly: its events cover periods up to 20240301T0300 (cron 0 * * * *)
                    [no] sales.daily: no event yet
                  [..] run: none for this period
                """);

        c.advanceTo(Instant.parse("2024-03-02T01:30:00Z"));
        CoordinatorState s = store.load().orElseThrow();
        WhyReport ran = WhyReport.of(pipelines(), s, "transform:kpi.t", "20240302T0000", clock.instant());
        assertThat(ran.verdict()).isEqualTo("RAN");
        assertThat(ran.rules().get(0).result()).isEqualTo(WhyReport.Result.PASS);
        assertThat(ran.rules().get(1).detail()).startsWith("transform:kpi.t@20240302T0000 SUCCEEDED, attempt 1, "
                + "started 2024-03-02T00:00:00Z").contains("exactly once");

        WhyReport superseded = WhyReport.of(pipelines(), s, "transform:kpi.t", "20240301T0500", clock.instant());
        assertThat(superseded.verdict()).isEqualTo("NOT_RUN");
        assertThat(superseded.rules().get(0).detail()).contains("superseded — it fired for the newer period "
                + "20240302T0100");

        WhyReport hourly = WhyReport.of(pipelines(), s, "load:cron1", "20240301T0030", clock.instant());
        assertThat(hourly.rules().get(0).detail()).endsWith("20240301T0030 is not one of its ticks");
        WhyReport history = WhyReport.of(pipelines(), s, "load:cron1", "20240229T2300", clock.instant());
        assertThat(history.rules().get(0).detail()).contains("before the coordinator's first start");
        assertThat(WhyReport.of(pipelines(), s, "load:cron1", null, clock.instant()).period())
                .isEqualTo("20240302T0100");
        assertThat(ran.toJson()).contains("\"verdict\" : \"RAN\"");
    }
}
