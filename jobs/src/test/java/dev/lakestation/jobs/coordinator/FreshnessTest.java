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

/** freshness.warn / freshness.error on tables and tasks. */
class FreshnessTest {

    @TempDir
    Path root;

    private final ManualClock clock = new ManualClock(Instant.parse("2024-03-01T00:00:00Z"));

    @Test
    void aStaleTableWarnsThenAlertsOnceEachAndAnEventResetsIt() {
        var project = new TestProject(root)
                .table("sales", "orders", "freshness: {warn: \"1 day\", error: \"2 days\"}")
                .task("kpi", "summary", "SELECT * FROM sales.orders", "freshness: {warn: \"6 hours\"}").load();
        ProjectPipelines pp = ProjectPipelines.of(project, new RegexLineage(), DagOptions.none(), Map.of());
        Coordinator c = new Coordinator(pp, new FakeRunner(clock), new InMemoryStateStore(), clock, null);
        c.onEvent(DatasetEvent.of("sales.orders", DatasetKind.LOAD, "r1", null, 1, 1, 0, clock.instant()));

        List<Decision> d = alerts(c.advanceTo(Instant.parse("2024-03-04T00:00:00Z")));
        assertThat(d).extracting(x -> x.at() + " " + x.type() + " " + x.detail().substring(0, x.detail().indexOf(':')))
                .containsExactly("2024-03-01T06:00:00Z FRESHNESS_WARN kpi.summary is stale",
                        "2024-03-02T00:00:00Z FRESHNESS_WARN sales.orders is stale",
                        "2024-03-03T00:00:00Z FRESHNESS_ERROR sales.orders is stale");
        assertThat(d.get(2).detail()).isEqualTo("sales.orders is stale: last written 2024-03-01T00:00:00Z "
                + "(PT48H ago), error after PT48H");
        assertThat(d.get(0).detail()).contains("last written 2024-03-01T00:00:00Z (PT6H ago), warn after PT6H");

        c.onEvent(DatasetEvent.of("sales.orders", DatasetKind.LOAD, "r2", null, 1, 1, 0, clock.instant()));
        // the task ran on that event, so both are fresh again; warnings come back a day (6 h) later
        d = alerts(c.advanceTo(Instant.parse("2024-03-05T00:00:00Z")));
        assertThat(d).extracting(x -> x.at() + " " + x.type()).containsExactly(
                "2024-03-04T06:00:00Z FRESHNESS_WARN", "2024-03-05T00:00:00Z FRESHNESS_WARN");
    }

    private static List<Decision> alerts(List<Decision> all) {
        return all.stream().filter(x -> x.type() == Decision.Type.FRESHNESS_WARN
                || x.type() == Decision.Type.FRESHNESS_ERROR).toList();
    }
}
