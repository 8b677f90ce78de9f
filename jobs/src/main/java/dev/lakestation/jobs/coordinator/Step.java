package dev.lakestation.jobs.coordinator;

import java.util.List;

/**
 * One job call of a pipeline run: stage or preload a domain's tables, load one table, or run one task.
 *
 * @param kind   what the runner is asked to do
 * @param domain the load domain (STAGE, PRELOAD, LOAD), or null
 * @param tables the tables concerned (one for LOAD), empty for TRANSFORM
 * @param task   the task's full name (TRANSFORM), or null
 */
public record Step(Kind kind, String domain, List<String> tables, String task) {

    /** Kinds of job calls, in Starlake's order for a load: stage → preload → load. */
    public enum Kind { STAGE, PRELOAD, LOAD, TRANSFORM }

    public Step {
        tables = List.copyOf(tables);
    }

    /** The dataset this step writes ({@code domain.table} of a LOAD), or null for STAGE/PRELOAD. */
    public String dataset(String transformOutput) {
        return switch (kind) {
            case LOAD -> domain + "." + tables.get(0);
            case TRANSFORM -> transformOutput;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case STAGE -> "stage " + domain + " " + tables;
            case PRELOAD -> "preload " + domain + " " + tables;
            case LOAD -> "load " + domain + "." + tables.get(0);
            case TRANSFORM -> "transform " + task;
        };
    }
}
