package dev.lakestation.jobs.coordinator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectPipelinesTest {

    @TempDir
    Path root;

    @Test
    void tablesAreGroupedByScheduleAcrossDomainsInlineCronsNamedCronN() {
        var project = new TestProject(root)
                .application("schedulePresets: {nightly: \"0 2 * * *\"}")
                .table("hr", "people", "schedule: \"nightly\"")
                .table("sales", "orders", "schedule: \"nightly\"")
                .table("sales", "items", "schedule: \"*/15 * * * *\"")
                .table("sales", "rates").load();
        ProjectPipelines pp = ProjectPipelines.of(project, new RegexLineage(), DagOptions.none(), Map.of());
        assertThat(pp.all()).extracting(Pipeline::id).containsExactly("load:nightly", "load:cron1", "load:sales");
        assertThat(pp.pipeline("load:nightly").orElseThrow().steps()).extracting(Step::toString).containsExactly(
                "stage hr [people]", "load hr.people", "stage sales [orders]", "load sales.orders");
        assertThat(pp.pipeline("load:cron1").orElseThrow().schedule().expression()).isEqualTo("*/15 * * * *");
        assertThat(pp.pipeline("load:sales").orElseThrow().schedule()).isNull();
        assertThat(pp.datasetCron("SALES.ORDERS")).get().extracting(CronSchedule::name).isEqualTo("nightly");
    }

    @Test
    void externalQualifiedNamesAreInputsTooAndATaskNamedByItsFullNameIsATaskInput() {
        var project = new TestProject(root).table("sales", "orders")
                .task("kpi", "base", "SELECT * FROM sales.orders")
                .task("kpi", "top", "SELECT * FROM kpi.base b JOIN crm.accounts a ON 1=1").load();
        ProjectPipelines pp = ProjectPipelines.of(project, new RegexLineage(), DagOptions.none(), Map.of());
        assertThat(pp.pipeline("transform:kpi.top").orElseThrow().inputs()).containsExactly(
                new Input("kpi.base", Input.Kind.TASK), new Input("crm.accounts", Input.Kind.EXTERNAL));
        assertThat(pp.consumersOf("crm.accounts")).extracting(Pipeline::id).containsExactly("transform:kpi.top");
    }

    @Test
    void aCycleBetweenTasksIsAnErrorThatPrintsIt() {
        var project = new TestProject(root)
                .task("kpi", "a1", "SELECT * FROM kpi.c1")
                .task("kpi", "b1", "SELECT * FROM kpi.a1")
                .task("kpi", "c1", "SELECT * FROM kpi.b1").load();
        assertThatThrownBy(() -> ProjectPipelines.of(project, new RegexLineage(), DagOptions.none(), Map.of()))
                .hasMessage("transform tasks depend on each other in a cycle: kpi.a1 -> kpi.b1 -> kpi.c1 -> kpi.a1");
    }

    @Test
    void anUnknownDagRefAndABadOptionNameTheirFile() {
        var project = new TestProject(root).table("sales", "orders", "dagRef: \"nope\"").load();
        assertThatThrownBy(() -> ProjectPipelines.of(project, new RegexLineage(), DagOptions.read(root), Map.of()))
                .hasMessage("metadata/load/sales/orders.sl.yml: metadata.dagRef: no DAG configuration "
                        + "metadata/dags/nope.sl.yml (known: )");
        var p2 = new TestProject(root).dag("nope", "retries: many").load();
        assertThatThrownBy(() -> ProjectPipelines.of(p2, new RegexLineage(), DagOptions.read(root), Map.of()))
                .hasMessage("retries: 'many' is not a whole number >= 0");
    }
}
