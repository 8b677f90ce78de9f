package dev.lakestation.jobs.coordinator;

import dev.lakestation.jobs.area.PreloadStrategy;
import java.util.List;

/**
 * Runs the jobs a pipeline is made of; the coordinator calls it one step at a time and waits for the outcome. The
 * real implementation (jobs.runner) submits the Flink load/transform jobs; tests script outcomes. A call that
 * throws counts as {@link Outcome.Failed} with the exception's message.
 *
 * <pre>{@code
 * JobRunner runner = new JobRunner() {
 *     public Outcome runStage(RunContext ctx, String domain, List<String> tables) { ... }
 *     ...
 * };
 * }</pre>
 *
 * Contract: a load or transform stamps {@code ctx.runId()} and {@code ctx.slSchedule()} on its dataset event
 * ({@link dev.lakestation.jobs.audit.DatasetEvent#of}), publishes it, and returns it in {@link Outcome.Succeeded};
 * it stops at {@code ctx.deadline()} and returns {@link Outcome.TimedOut}. Re-running a step under the same run id
 * must be safe (the table commit is atomic; the event id is the same).
 */
public interface JobRunner {

    /** Starlake's {@code stage --domains domain --tables ...}: landing → stage. */
    Outcome runStage(RunContext ctx, String domain, List<String> tables);

    /** Starlake's {@code preload}: Succeeded when there is something to load, NotReady otherwise. */
    Outcome runPreload(RunContext ctx, String domain, List<String> tables, PreloadStrategy strategy);

    /** Starlake's {@code load --domains domain --tables table}. */
    Outcome runLoad(RunContext ctx, String domain, String table);

    /** Starlake's {@code transform --name task} ({@code <domain>.<task>}). */
    Outcome runTransform(RunContext ctx, String task);
}
