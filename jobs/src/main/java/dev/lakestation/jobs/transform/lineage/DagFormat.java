package dev.lakestation.jobs.transform.lineage;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Renders a {@link ProjectDag}: tables are nodes (loaded tables as cylinders, task outputs as boxes named after
 * the task), an edge goes from each input table to the task that reads it. Mermaid and DOT render unmodified.
 */
public enum DagFormat {
    TEXT, MERMAID, DOT;

    /** The graph in this format, ending with a newline. */
    public String render(ProjectDag dag) {
        return switch (this) {
            case TEXT -> text(dag);
            case MERMAID -> mermaid(dag);
            case DOT -> dot(dag);
        };
    }

    private static String text(ProjectDag dag) {
        StringBuilder b = new StringBuilder();
        for (ProjectDag.TaskNode n : dag.tasks().values()) {
            b.append(n.task()).append(" (task");
            if (!n.lineage().parsed()) {
                b.append(", inputs by regex fallback");
            }
            b.append(")\n");
            for (ProjectDag.Input i : n.inputs()) {
                b.append("  <- ").append(i.name()).append(" (").append(switch (i.kind()) {
                    case TASK -> "task";
                    case TABLE -> "loaded table";
                    case UNKNOWN -> "unknown";
                }).append(")\n");
            }
        }
        return b.toString();
    }

    private static String mermaid(ProjectDag dag) {
        StringBuilder b = new StringBuilder("flowchart LR\n");
        Set<String> declared = new LinkedHashSet<>();
        for (ProjectDag.TaskNode n : dag.tasks().values()) {
            for (ProjectDag.Input i : n.inputs()) {
                if (declared.add(i.name()) && i.kind() != ProjectDag.Kind.TASK) {
                    b.append("  ").append(id(i.name())).append(i.kind() == ProjectDag.Kind.TABLE
                            ? "[(\"" + label(i.name()) + "\")]" : "{{\"" + label(i.name()) + " (unknown)\"}}")
                            .append('\n');
                }
            }
        }
        for (ProjectDag.TaskNode n : dag.tasks().values()) {
            b.append("  ").append(id(n.output())).append("[\"").append(label(n.task())).append("\"]\n");
        }
        for (ProjectDag.TaskNode n : dag.tasks().values()) {
            for (ProjectDag.Input i : n.inputs()) {
                b.append("  ").append(id(i.name())).append(" --> ").append(id(n.output())).append('\n');
            }
        }
        return b.toString();
    }

    private static String dot(ProjectDag dag) {
        StringBuilder b = new StringBuilder("digraph lakestation {\n  rankdir=LR;\n");
        Set<String> declared = new LinkedHashSet<>();
        for (ProjectDag.TaskNode n : dag.tasks().values()) {
            for (ProjectDag.Input i : n.inputs()) {
                if (declared.add(i.name()) && i.kind() != ProjectDag.Kind.TASK) {
                    b.append("  \"").append(i.name()).append("\" [shape=")
                            .append(i.kind() == ProjectDag.Kind.TABLE ? "cylinder" : "octagon, label=\""
                                    + i.name() + " (unknown)\"").append("];\n");
                }
            }
        }
        for (ProjectDag.TaskNode n : dag.tasks().values()) {
            b.append("  \"").append(n.output()).append("\" [shape=box];\n");
        }
        for (ProjectDag.TaskNode n : dag.tasks().values()) {
            for (ProjectDag.Input i : n.inputs()) {
                b.append("  \"").append(i.name()).append("\" -> \"").append(n.output()).append("\";\n");
            }
        }
        return b.append("}\n").toString();
    }

    /** The Mermaid node id of a table or task output (what {@code class <id> <state>} lines refer to). */
    public static String nodeId(String name) {
        return name.replaceAll("[^A-Za-z0-9_]", "_");
    }

    private static String id(String name) {
        return nodeId(name);
    }

    /** A Mermaid label: a quote would end it, and {@code #} starts an entity. */
    private static String label(String text) {
        return text.replace("#", "#35;").replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
    }
}
