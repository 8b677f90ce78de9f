package dev.lakestation.jobs.status;

import dev.lakestation.jobs.transform.lineage.DagFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The project's Mermaid graph ({@link DagFormat#MERMAID}) with each dataset's last run state as a node class, so
 * the status page colours succeeded, failed, running and waiting nodes.
 *
 * <pre>{@code
 * String text = StatusDag.render(DagFormat.MERMAID.render(dag), Map.of("kpi.revenue", "FAILED"));
 * }</pre>
 */
public final class StatusDag {

    /** Run states with a colour; anything else is drawn plain. */
    static final Set<String> STATES = Set.of("SUCCEEDED", "FAILED", "TIMED_OUT", "RUNNING", "RETRY_WAIT",
            "PRELOAD_WAIT", "SKIPPED", "PENDING");

    private StatusDag() {
    }

    /** Lower-cased node id → the id as written, for every node line ({@code "  <id>[..."}) of the graph. */
    private static Map<String, String> nodeIds(String mermaid) {
        Map<String, String> ids = new java.util.HashMap<>();
        for (String line : mermaid.split("\n")) {
            java.util.regex.Matcher m = NODE.matcher(line);
            if (m.find()) {
                ids.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), m.group(1));
            }
        }
        return ids;
    }

    private static final java.util.regex.Pattern NODE = java.util.regex.Pattern.compile("^\\s+([A-Za-z0-9_]+)[\\[{(]");

    /**
     * @param mermaid the graph, as {@link DagFormat#MERMAID} renders it
     * @param states  dataset ({@code domain.table}) → the status of the run that last wrote it
     */
    public static String render(String mermaid, Map<String, String> states) {
        StringBuilder b = new StringBuilder(mermaid);
        if (b.length() > 0 && b.charAt(b.length() - 1) != '\n') {
            b.append('\n');
        }
        b.append("  classDef SUCCEEDED fill:#d8f0dd,stroke:#1b7f3b,color:#0d3d1c\n");
        b.append("  classDef FAILED fill:#f9dedc,stroke:#b3261e,color:#410e0b\n");
        b.append("  classDef TIMED_OUT fill:#f9dedc,stroke:#b3261e,color:#410e0b\n");
        b.append("  classDef RUNNING fill:#fff1c2,stroke:#9a6700,color:#3d2a00\n");
        b.append("  classDef RETRY_WAIT fill:#fff1c2,stroke:#9a6700,color:#3d2a00\n");
        b.append("  classDef PRELOAD_WAIT fill:#eef0f4,stroke:#6b7385,color:#1d2330\n");
        b.append("  classDef PENDING fill:#eef0f4,stroke:#6b7385,color:#1d2330\n");
        b.append("  classDef SKIPPED fill:#eef0f4,stroke:#6b7385,color:#1d2330,stroke-dasharray:4\n");
        Map<String, String> ids = nodeIds(mermaid);
        states.forEach((dataset, state) -> {
            // only nodes the graph has (a class line for an unknown id would add a stray node); the coordinator's
            // dataset keys may differ in case from the YAML names the graph uses
            String id = ids.get(DagFormat.nodeId(dataset).toLowerCase(Locale.ROOT));
            if (id != null && STATES.contains(state)) {
                b.append("  class ").append(id).append(' ').append(state).append('\n');
            }
        });
        return b.toString();
    }
}
