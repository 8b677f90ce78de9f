package dev.lakestation.jobs.coordinator;

import dev.lakestation.jobs.area.PreloadStrategy;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The orchestration options of one pipeline, under Starlake's DAG option names (the {@code options:} map of a
 * {@code metadata/dags/<dagRef>.sl.yml}, see {@link DagOptions}):
 * {@code pre_load_strategy}, {@code pre_load_poke_interval}, {@code pre_load_timeout}, {@code retries},
 * {@code retry_delay}, {@code dataset_triggering_strategy}, {@code catchup}, and ours: {@code run_timeout}.
 *
 * <pre>{@code
 * PipelineOptions o = PipelineOptions.DEFAULTS.with(Map.of("retries", "3", "retry_delay", "60"));
 * o.retries();      // 3
 * o.retryDelay();   // PT1M
 * }</pre>
 *
 * @param preloadStrategy       default NONE
 * @param preloadPokeInterval   default 300 s
 * @param preloadTimeout        default 3600 s; then the run is SKIPPED
 * @param retries               retries after the first attempt, default 1 (Starlake's generated DAGs)
 * @param retryDelay            default 300 s
 * @param runTimeout            deadline of one attempt, or null for none (a task's {@code taskTimeoutMs} wins)
 * @param triggerStrategy       default ALL
 * @param catchUp               default LATEST
 */
public record PipelineOptions(PreloadStrategy preloadStrategy, Duration preloadPokeInterval, Duration preloadTimeout,
                              int retries, Duration retryDelay, Duration runTimeout, TriggerStrategy triggerStrategy,
                              CatchUp catchUp) {

    public static final PipelineOptions DEFAULTS = new PipelineOptions(PreloadStrategy.NONE, Duration.ofSeconds(300),
            Duration.ofSeconds(3600), 1, Duration.ofSeconds(300), null, TriggerStrategy.ALL, CatchUp.LATEST);

    /** These options overridden by the Starlake-named {@code options} that are set; unknown names are ignored. */
    public PipelineOptions with(Map<String, String> options) {
        PipelineOptions o = this;
        for (Map.Entry<String, String> e : options.entrySet()) {
            String v = e.getValue() == null ? null : e.getValue().trim();
            if (v == null || v.isEmpty()) {
                continue;
            }
            String k = e.getKey();
            o = switch (k) {
                case "pre_load_strategy" -> new PipelineOptions(parseStrategy(v, k), o.preloadPokeInterval,
                        o.preloadTimeout, o.retries, o.retryDelay, o.runTimeout, o.triggerStrategy, o.catchUp);
                case "pre_load_poke_interval" -> new PipelineOptions(o.preloadStrategy, Durations.parse(v, k),
                        o.preloadTimeout, o.retries, o.retryDelay, o.runTimeout, o.triggerStrategy, o.catchUp);
                case "pre_load_timeout" -> new PipelineOptions(o.preloadStrategy, o.preloadPokeInterval,
                        Durations.parse(v, k), o.retries, o.retryDelay, o.runTimeout, o.triggerStrategy, o.catchUp);
                case "retries" -> new PipelineOptions(o.preloadStrategy, o.preloadPokeInterval, o.preloadTimeout,
                        nonNegative(v, k), o.retryDelay, o.runTimeout, o.triggerStrategy, o.catchUp);
                case "retry_delay" -> new PipelineOptions(o.preloadStrategy, o.preloadPokeInterval, o.preloadTimeout,
                        o.retries, Durations.parse(v, k), o.runTimeout, o.triggerStrategy, o.catchUp);
                case "run_timeout" -> new PipelineOptions(o.preloadStrategy, o.preloadPokeInterval, o.preloadTimeout,
                        o.retries, o.retryDelay, Durations.parse(v, k), o.triggerStrategy, o.catchUp);
                case "dataset_triggering_strategy" -> new PipelineOptions(o.preloadStrategy, o.preloadPokeInterval,
                        o.preloadTimeout, o.retries, o.retryDelay, o.runTimeout, TriggerStrategy.parse(v, k),
                        o.catchUp);
                case "catchup" -> new PipelineOptions(o.preloadStrategy, o.preloadPokeInterval, o.preloadTimeout,
                        o.retries, o.retryDelay, o.runTimeout, o.triggerStrategy, catchUp(v, k));
                default -> o;
            };
        }
        return o;
    }

    private static int nonNegative(String v, String k) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(k + ": '" + v + "' is not a whole number >= 0");
    }

    private static CatchUp catchUp(String v, String k) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "all" -> CatchUp.ALL;
            case "false", "latest" -> CatchUp.LATEST;
            default -> throw new IllegalArgumentException(k + ": '" + v + "' is not true/all or false/latest");
        };
    }

    private static PreloadStrategy parseStrategy(String text, String option) {
        try {
            return PreloadStrategy.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not none, imported, pending or ack");
        }
    }
}
