package dev.lakestation.jobs.coordinator;

import dev.lakestation.jobs.area.PreloadStrategy;
import dev.lakestation.jobs.audit.DatasetEvent;
import dev.lakestation.jobs.audit.DatasetEvents;
import dev.lakestation.jobs.audit.DatasetKind;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A JobRunner that records every call and answers from a script: per step key ({@code stage D}, {@code preload D},
 * {@code load D.T}, {@code transform D.T}) a queue of answers; when the queue is empty the step succeeds, and a load
 * or transform then returns (and, when given a sink, publishes) its dataset event stamped with the run id and period.
 * A task's output is its full name (as in the test projects).
 */
final class FakeRunner implements JobRunner {

    /** One recorded call. */
    record Call(String step, RunContext ctx, long atMillis) {
        @Override
        public String toString() {
            return step + " " + ctx.runId() + " #" + ctx.attempt();
        }
    }

    final List<Call> calls = new ArrayList<>();
    private final Map<String, Deque<Function<RunContext, Outcome>>> script = new HashMap<>();
    private final Clock clock;
    private DatasetEvents sink;

    FakeRunner(Clock clock) {
        this.clock = clock;
    }

    FakeRunner publishTo(DatasetEvents events) {
        this.sink = events;
        return this;
    }

    /** The next answers of {@code step}, in order. */
    @SafeVarargs
    final FakeRunner script(String step, Function<RunContext, Outcome>... answers) {
        Deque<Function<RunContext, Outcome>> q = script.computeIfAbsent(step, k -> new ArrayDeque<>());
        q.addAll(List.of(answers));
        return this;
    }

    List<String> steps() {
        return calls.stream().map(Call::step).toList();
    }

    List<Call> callsOf(String step) {
        return calls.stream().filter(c -> c.step().equals(step)).toList();
    }

    @Override
    public Outcome runStage(RunContext ctx, String domain, List<String> tables) {
        return answer("stage " + domain, ctx, null, null);
    }

    @Override
    public Outcome runPreload(RunContext ctx, String domain, List<String> tables, PreloadStrategy strategy) {
        return answer("preload " + domain, ctx, null, null);
    }

    @Override
    public Outcome runLoad(RunContext ctx, String domain, String table) {
        return answer("load " + domain + "." + table, ctx, domain + "." + table, DatasetKind.LOAD);
    }

    @Override
    public Outcome runTransform(RunContext ctx, String task) {
        return answer("transform " + task, ctx, task, DatasetKind.TRANSFORM);
    }

    private Outcome answer(String step, RunContext ctx, String dataset, DatasetKind kind) {
        calls.add(new Call(step, ctx, clock.millis()));
        Deque<Function<RunContext, Outcome>> q = script.get(step);
        if (q != null && !q.isEmpty()) {
            Outcome o = q.poll().apply(ctx);
            if (!(o instanceof Outcome.Succeeded) || dataset == null) {
                return o;
            }
        }
        if (dataset == null) {
            return Outcome.succeeded(List.of());
        }
        DatasetEvent e = event(dataset, kind, ctx, clock);
        if (sink != null) {
            sink.publish(e);
        }
        return Outcome.succeeded(List.of(e));
    }

    static DatasetEvent event(String dataset, DatasetKind kind, RunContext ctx, Clock clock) {
        return DatasetEvent.of(dataset, kind, ctx.runId(), ctx.slSchedule(), 10, 10, 0, clock.instant());
    }
}
