package dev.lakestation.jobs.coordinator;

import dev.lakestation.schema.project.Project;
import dev.lakestation.schema.project.ProjectLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starbake example of this repository: five loads (starbake.sales from a station), kpi.delivery_summary, the
 * 2-level kpi DAG and kpi.sales_by_store.
 */
class StarbakeCoordinatorTest {

    private static Project project;
    private static ProjectPipelines pipelines;

    @BeforeAll
    static void load() {
        Path root = Path.of("..", "examples", "starbake").toAbsolutePath().normalize();
        project = ProjectLoader.load(root, null).orThrow();
        pipelines = ProjectPipelines.of(project, new RegexLineage(), DagOptions.read(root), java.util.Map.of());
    }

    @Test
    void pipelinesAndInputsFollowTheSql() {
        assertThat(pipelines.all()).extracting(Pipeline::id).containsExactly("load:starbake",
                "transform:kpi.delivery_summary", "transform:kpi.order_items_analysis", "transform:kpi.product_summary",
                "transform:kpi.revenue_summary", "transform:kpi.order_summary", "transform:kpi.sales_by_store");
        assertThat(pipelines.pipeline("transform:kpi.order_summary").orElseThrow().inputs()).containsExactly(
                new Input("kpi.product_summary", Input.Kind.TASK), new Input("kpi.revenue_summary", Input.Kind.TASK));
        assertThat(pipelines.pipeline("transform:kpi.product_summary").orElseThrow().inputs())
                .extracting(Input::dataset).containsExactly("starbake.products", "starbake.order_lines",
                        "starbake.orders");
        // the regex sees the CTE order_details: not awaited, and said
        assertThat(pipelines.pipeline("transform:kpi.order_items_analysis").orElseThrow().inputs())
                .extracting(Input::dataset).containsExactly("starbake.order_lines", "starbake.products");
        assertThat(pipelines.warnings()).singleElement().asString().contains("order_items_analysis")
                .contains("'order_details'");
        assertThat(pipelines.pipeline("load:starbake").orElseThrow().steps()).extracting(Step::toString)
                .containsExactly("stage starbake [deliveries, order_lines, orders, products, sales]",
                        "load starbake.deliveries", "load starbake.order_lines", "load starbake.orders",
                        "load starbake.products", "load starbake.sales");
    }

    @Test
    void loadEventsTriggerTheFirstLevelThenItsEventsTheSecondOnce() {
        ManualClock clock = new ManualClock(Instant.parse("2024-03-01T10:00:00Z"));
        FakeRunner runner = new FakeRunner(clock);
        Coordinator c = new Coordinator(pipelines, runner, new InMemoryStateStore(), clock, null);
        List<Decision> d = c.trigger("load:starbake", "manual-1");

        assertThat(runner.steps()).containsExactly("stage starbake", "load starbake.deliveries",
                "load starbake.order_lines", "load starbake.orders", "load starbake.products", "load starbake.sales",
                // in the order their inputs became complete: deliveries after the first load, revenue (orders,
                // order_lines) after the third
                "transform kpi.delivery_summary", "transform kpi.revenue_summary", "transform kpi.order_items_analysis",
                "transform kpi.product_summary", "transform kpi.sales_by_store", "transform kpi.order_summary");
        assertThat(c.runs()).allMatch(r -> r.status == RunStatus.SUCCEEDED).hasSize(7);
        assertThat(d).filteredOn(x -> x.type() == Decision.Type.TRIGGERED).extracting(Decision::pipeline)
                .containsExactly("load:starbake", "transform:kpi.delivery_summary", "transform:kpi.revenue_summary",
                        "transform:kpi.order_items_analysis", "transform:kpi.product_summary",
                        "transform:kpi.sales_by_store", "transform:kpi.order_summary");
        assertThat(d).filteredOn(x -> x.type() == Decision.Type.WAITING && x.pipeline().endsWith("order_summary"))
                .singleElement().extracting(Decision::detail)
                .isEqualTo("has kpi.revenue_summary; waits for kpi.product_summary");
        // a second load run: every task once more, order_summary once (not once per input event)
        c.trigger("load:starbake", "manual-2");
        assertThat(runner.steps()).filteredOn("transform kpi.order_summary"::equals).hasSize(2);
    }

    @Test
    void runOnceLoadsEverythingThenTransformsInDependencyOrder() {
        ManualClock clock = new ManualClock(Instant.parse("2024-03-01T10:00:00Z"));
        FakeRunner runner = new FakeRunner(clock);
        RunOnceResult r = new Coordinator(pipelines, runner, new InMemoryStateStore(), clock, null).runOnce("run-1");

        assertThat(runner.steps()).containsExactly("stage starbake", "load starbake.deliveries",
                "load starbake.order_lines", "load starbake.orders", "load starbake.products", "load starbake.sales",
                "transform kpi.delivery_summary", "transform kpi.order_items_analysis",
                "transform kpi.product_summary", "transform kpi.revenue_summary", "transform kpi.order_summary",
                "transform kpi.sales_by_store");
        assertThat(r.succeeded()).isTrue();
        assertThat(r.runs()).extracting(x -> x.runId).containsExactly("load:starbake@run-1",
                "transform:kpi.delivery_summary@run-1", "transform:kpi.order_items_analysis@run-1", "transform:kpi.product_summary@run-1",
                "transform:kpi.revenue_summary@run-1", "transform:kpi.order_summary@run-1",
                "transform:kpi.sales_by_store@run-1");
        assertThat(runner.calls).allMatch(call -> call.ctx().slSchedule() == null);
    }

    /**
     * {@code lakestation run} twice on the same datasets folder: the second run starts with a fresh state and reads
     * the first run's events from the event file; they must not trigger the transforms on their own (they did: each
     * task ran twice, order_summary three times).
     */
    @Test
    void aSecondRunOnceOverTheFirstRunsEventsRunsEachTaskOnce(@org.junit.jupiter.api.io.TempDir Path datasets) {
        ManualClock clock = new ManualClock(Instant.parse("2024-03-01T10:00:00Z"));
        dev.lakestation.jobs.audit.FileDatasetEvents events = new dev.lakestation.jobs.audit.FileDatasetEvents(datasets);
        FakeRunner first = new FakeRunner(clock).publishTo(events);
        assertThat(new Coordinator(pipelines, first, new InMemoryStateStore(), clock, events).runOnce("run-1")
                .succeeded()).isTrue();
        assertThat(events.readAfter(0, 100)).hasSize(11); // 5 loads + 6 tasks

        clock.advance(java.time.Duration.ofMinutes(5));
        FakeRunner second = new FakeRunner(clock).publishTo(events);
        RunOnceResult r = new Coordinator(pipelines, second, new InMemoryStateStore(), clock, events).runOnce("run-2");

        assertThat(r.succeeded()).isTrue();
        assertThat(second.steps()).containsExactly("stage starbake", "load starbake.deliveries",
                "load starbake.order_lines", "load starbake.orders", "load starbake.products", "load starbake.sales",
                "transform kpi.delivery_summary", "transform kpi.order_items_analysis",
                "transform kpi.product_summary", "transform kpi.revenue_summary", "transform kpi.order_summary",
                "transform kpi.sales_by_store");
        assertThat(r.runs()).extracting(x -> x.runId).allMatch(id -> id.endsWith("@run-2")).hasSize(7);
    }

    @Test
    void runOnceSkipsWhatIsDownstreamOfAFailure() {
        ManualClock clock = new ManualClock(Instant.parse("2024-03-01T10:00:00Z"));
        FakeRunner runner = new FakeRunner(clock).script("transform kpi.revenue_summary",
                ctx -> Outcome.failed("boom"), ctx -> Outcome.failed("boom again"));
        RunOnceResult r = new Coordinator(pipelines, runner, new InMemoryStateStore(), clock, null).runOnce("run-1");

        assertThat(r.succeeded()).isFalse();
        assertThat(r.runs()).filteredOn(x -> x.pipeline.equals("transform:kpi.revenue_summary")).singleElement()
                .satisfies(x -> {
                    assertThat(x.status).isEqualTo(RunStatus.FAILED);
                    assertThat(x.attempt).isEqualTo(2); // default retries 1, at once in a one-shot run
                });
        assertThat(r.runs()).filteredOn(x -> x.pipeline.equals("transform:kpi.order_summary")).singleElement()
                .satisfies(x -> {
                    assertThat(x.status).isEqualTo(RunStatus.SKIPPED);
                    assertThat(x.message).isEqualTo("upstream failed: kpi.revenue_summary");
                });
        assertThat(runner.steps()).doesNotContain("transform kpi.order_summary");
        assertThat(runner.steps()).contains("transform kpi.product_summary", "transform kpi.order_items_analysis");
    }

    /**
     * A station table without a broker: its load step is skipped (not failed), the rest of the load pipeline runs,
     * the task reading it is SKIPPED "input not loaded", the others run, and the run succeeds — the demo without
     * {@code --memphis}.
     */
    @Test
    void runOnceGoesOnPastASkippedLoadAndSkipsOnlyWhatReadsIt() {
        ManualClock clock = new ManualClock(Instant.parse("2024-03-01T10:00:00Z"));
        FakeRunner runner = new FakeRunner(clock).script("load starbake.sales",
                ctx -> Outcome.skipped("no broker: loads from station 'starbake-sales'"));
        RunOnceResult r = new Coordinator(pipelines, runner, new InMemoryStateStore(), clock, null).runOnce("run-1");

        assertThat(r.succeeded()).isTrue();
        assertThat(runner.steps()).contains("load starbake.products", "load starbake.sales",
                "transform kpi.order_summary").doesNotContain("transform kpi.sales_by_store");
        assertThat(r.runs()).filteredOn(x -> x.pipeline.equals("load:starbake")).singleElement()
                .satisfies(x -> assertThat(x.status).isEqualTo(RunStatus.SUCCEEDED));
        assertThat(r.runs()).filteredOn(x -> x.pipeline.equals("transform:kpi.sales_by_store")).singleElement()
                .satisfies(x -> {
                    assertThat(x.status).isEqualTo(RunStatus.SKIPPED);
                    assertThat(x.message).isEqualTo("input not loaded: starbake.sales");
                });
        assertThat(r.runs()).filteredOn(x -> !x.pipeline.equals("transform:kpi.sales_by_store"))
                .allMatch(x -> x.status == RunStatus.SUCCEEDED).hasSize(6);
        assertThat(r.decisions()).filteredOn(x -> x.type() == Decision.Type.STEP_SKIPPED).singleElement()
                .extracting(Decision::detail).isEqualTo("load starbake.sales: no broker: loads from station "
                        + "'starbake-sales'");
    }
}
