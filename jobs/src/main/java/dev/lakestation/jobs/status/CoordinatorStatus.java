package dev.lakestation.jobs.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakestation.jobs.coordinator.CoordinatorState;
import dev.lakestation.jobs.coordinator.Pipeline;
import dev.lakestation.jobs.coordinator.ProjectPipelines;
import dev.lakestation.jobs.coordinator.StateStore;
import dev.lakestation.jobs.coordinator.StatusReport;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The status page of a running coordinator: {@link StatusReport} (what {@code lakestation status --json} prints) read
 * from the coordinator's state store on every request, and the project's graph coloured with the state of the run
 * that last wrote each dataset. Reading the store, not the coordinator's memory, keeps the page off the
 * coordinator's thread: the store is written atomically after every decision, so each request sees a whole state.
 *
 * <pre>{@code
 * StatusSource page = new CoordinatorStatus("starbake", pipelines, store, Clock.systemUTC(),
 *         DagFormat.MERMAID.render(ProjectDag.of(project)), null);
 * StatusServer.start(StatusServerOptions.parse("127.0.0.1:8088", false, null), page);
 * }</pre>
 */
public final class CoordinatorStatus implements StatusSource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String title;
    private final ProjectPipelines pipelines;
    private final StateStore store;
    private final Clock clock;
    private final String mermaid;
    private final String flinkUi;

    /**
     * @param mermaid the project's graph ({@code DagFormat.MERMAID}), computed once: the project does not change
     *                under a running coordinator
     * @param flinkUi the Flink web UI the jobs run on, or null (local MiniCluster)
     */
    public CoordinatorStatus(String title, ProjectPipelines pipelines, StateStore store, Clock clock, String mermaid,
            String flinkUi) {
        this.title = title;
        this.pipelines = pipelines;
        this.store = store;
        this.clock = clock;
        this.mermaid = mermaid;
        this.flinkUi = flinkUi;
    }

    private StatusReport report() {
        CoordinatorState state = store.load().orElseGet(CoordinatorState::new);
        return StatusReport.of(pipelines, state, clock.instant());
    }

    @Override
    public String statusJson() {
        ObjectNode node = JSON.valueToTree(report());
        node.put("title", title);
        if (flinkUi != null) {
            node.put("flinkUi", flinkUi);
        }
        return node.toString();
    }

    @Override
    public String dagMermaid() {
        return StatusDag.render(mermaid, datasetStates(report()));
    }

    /**
     * Dataset → the status of its pipeline's newest run; a pipeline that never ran but waits for something is
     * PENDING; one that never ran and waits for nothing stays uncoloured.
     */
    Map<String, String> datasetStates(StatusReport r) {
        Map<String, String> byPipeline = new HashMap<>();
        for (StatusReport.RunView run : r.runs()) {          // newest first: the first one seen wins
            byPipeline.putIfAbsent(run.pipeline(), run.status());
        }
        for (StatusReport.PipelineView p : r.pipelines()) {
            if (!p.waiting().isEmpty()) {
                byPipeline.putIfAbsent(p.id(), "PENDING");
            }
        }
        Map<String, String> states = new HashMap<>();
        for (Pipeline p : pipelines.all()) {
            String s = byPipeline.get(p.id());
            if (s != null) {
                p.outputs().forEach(dataset -> states.put(dataset, s));
            }
        }
        return states;
    }
}
