package dev.lakestation.jobs.coordinator;

/**
 * One input dataset of a transform task.
 *
 * @param dataset {@code domain.table} as the project names it (a task's output table for TASK)
 * @param kind    TABLE (a load table), TASK (another task's output: a task dependency) or EXTERNAL (a qualified
 *                name the project does not define: events published by other systems may satisfy it)
 */
public record Input(String dataset, Kind kind) {

    /** Where an input comes from. */
    public enum Kind { TABLE, TASK, EXTERNAL }
}
