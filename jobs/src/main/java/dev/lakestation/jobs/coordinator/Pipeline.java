package dev.lakestation.jobs.coordinator;

import dev.lakestation.jobs.area.PreloadStrategy;
import java.time.Duration;
import java.util.List;

/**
 * What the coordinator runs as one unit, with one run id per period: a load group (tables of one schedule, or the
 * unscheduled tables of one domain) or one transform task.
 *
 * <ul>
 *   <li>{@code schedule != null}: fired on its cron ticks;</li>
 *   <li>else a transform with inputs: triggered by their dataset events ({@code options.triggerStrategy()});</li>
 *   <li>else a load whose preload strategy is IMPORTED or PENDING: fired when its preload finds files (polled every
 *       {@code pre_load_poke_interval});</li>
 *   <li>else on demand only ({@link Coordinator#trigger}, {@link Coordinator#runOnce}).</li>
 * </ul>
 *
 * @param id         {@code load:<schedule name>}, {@code load:<domain>} or {@code transform:<domain>.<task>}
 * @param kind       LOAD or TRANSFORM
 * @param schedule   its cron, or null
 * @param steps      job calls in order
 * @param inputs     datasets a transform reads (empty for loads)
 * @param outputs    datasets it writes
 * @param options    orchestration options
 * @param runTimeout deadline of one job call, or null
 */
public record Pipeline(String id, Kind kind, CronSchedule schedule, List<Step> steps, List<Input> inputs,
                       List<String> outputs, PipelineOptions options, Duration runTimeout) {

    /** A load group or a transform task. */
    public enum Kind { LOAD, TRANSFORM }

    public Pipeline {
        steps = List.copyOf(steps);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** True for a transform without own schedule that has inputs. */
    public boolean datasetTriggered() {
        return kind == Kind.TRANSFORM && schedule == null && !inputs.isEmpty();
    }

    /** True for an unscheduled load that waits for files (IMPORTED or PENDING preload). */
    public boolean fileTriggered() {
        return kind == Kind.LOAD && schedule == null && (options.preloadStrategy() == PreloadStrategy.IMPORTED
                || options.preloadStrategy() == PreloadStrategy.PENDING);
    }
}
