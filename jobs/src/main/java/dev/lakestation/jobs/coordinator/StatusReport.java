package dev.lakestation.jobs.coordinator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lakestation.jobs.coordinator.CoordinatorState.DatasetStatus;
import dev.lakestation.jobs.coordinator.CoordinatorState.TriggerState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the coordinator has done and is waiting for, computed from its {@link CoordinatorState} alone (no running
 * coordinator needed): the model behind {@code lakestation status} (text and {@code --json}) and, later, an HTTP
 * status page. Times are ISO-8601 strings so that the JSON form needs no date module.
 *
 * <pre>{@code
 * StatusReport r = StatusReport.of(pipelines, store.load().orElseGet(CoordinatorState::new), Instant.now());
 * r.pipelines().forEach(p -> System.out.println(p.id() + " next " + p.nextRun()));
 * String json = r.toJson();
 * }</pre>
 *
 * @param generatedAt when it was computed
 * @param stateCreatedAt the coordinator's first start, or null when it never ran
 * @param runs        every run, newest first
 * @param pipelines   every pipeline with its trigger, next cron time and what it waits for
 * @param datasets    every dataset known from events or freshness rules
 * @param alerts      freshness alerts in force (WARN / ERROR)
 */
public record StatusReport(String generatedAt, String stateCreatedAt, List<RunView> runs,
                           List<PipelineView> pipelines, List<DatasetView> datasets, List<DatasetView> alerts) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One run: {@code runId} is the id stamped on its audit rows and dataset events.
     *
     * @param flinkJobId  the Flink job submitted last for it (hex; the running one while it is RUNNING), or null
     *                    when none was (stage / preload only, or before its first job)
     * @param flinkJobIds all its Flink jobs in submission order (one per load table, per transform, per attempt)
     */
    public record RunView(String runId, String pipeline, String period, String status, int attempt, String created,
                          String started, String finished, String nextAt, String reason, String message,
                          String flinkJobId, List<String> flinkJobIds) {
        public RunView {
            flinkJobIds = flinkJobIds == null ? List.of() : List.copyOf(flinkJobIds);
        }
    }

    /**
     * One pipeline.
     *
     * @param trigger  how it is fired, for people ({@code cron 0 * * * *}, {@code datasets (all): a, b}, …)
     * @param cron     the cron its periods follow (schedule or computed), or null
     * @param lastTick the last cron tick handled (sl_schedule form), or null
     * @param nextRun  the next cron tick, or null
     * @param waiting  what it waits for
     */
    public record PipelineView(String id, String kind, String trigger, String cron, String lastTick, String nextRun,
                               List<Wait> waiting) {
    }

    /** "{@code pipeline} waits for {@code dataset} for {@code period}" (dataset null: waits for a time). */
    public record Wait(String dataset, String period, String detail) {
    }

    /** One dataset: its last event, the newest period it covered, its freshness rule and alert. */
    public record DatasetView(String dataset, String lastEvent, String lastPeriod, String alert, String warnAfter,
                              String errorAfter) {
    }

    /** Computes the report from a state (an empty state when the coordinator never ran). */
    public static StatusReport of(ProjectPipelines pipelines, CoordinatorState state, Instant now) {
        List<RunView> runs = new ArrayList<>();
        for (RunRecord r : state.runs.values()) {
            runs.add(new RunView(r.runId, r.pipeline, r.period, r.status.name(), r.attempt, iso(r.createdAt),
                    iso(r.startedAt), iso(r.finishedAt), iso(r.nextAt), r.reason, r.message, r.flinkJobId,
                    r.flinkJobIds));
        }
        java.util.Collections.reverse(runs);
        List<PipelineView> views = new ArrayList<>();
        for (Pipeline p : pipelines.all()) {
            Optional<CronSchedule> cron = pipelines.periodCron(p.id());
            Long last = state.lastTick.get(p.id());
            String lastTick = p.schedule() != null && last != null ? p.schedule().slSchedule(Instant.ofEpochMilli(last))
                    : null;
            String next = p.schedule() != null
                    ? p.schedule().next(last == null ? now : Instant.ofEpochMilli(last)).toString() : null;
            views.add(new PipelineView(p.id(), p.kind().name(), trigger(p, pipelines), cron.map(
                    CronSchedule::expression).orElse(null), lastTick, next, waits(p, pipelines, state)));
        }
        Map<String, DatasetView> datasets = new TreeMap<>();
        for (Map.Entry<String, DatasetStatus> e : state.datasets.entrySet()) {
            DatasetStatus d = e.getValue();
            Optional<CronSchedule> c = pipelines.datasetCron(e.getKey());
            datasets.put(e.getKey(), new DatasetView(e.getKey(), iso(d.lastEventAt), d.lastTick == null ? null
                    : c.map(x -> x.slSchedule(Instant.ofEpochMilli(d.lastTick))).orElse(iso(d.lastTick)), d.alert,
                    null, null));
        }
        for (FreshnessRule f : pipelines.freshness()) {
            String key = Inputs.key(f.dataset());
            DatasetView d = datasets.getOrDefault(key, new DatasetView(key, null, null, "NONE", null, null));
            datasets.put(key, new DatasetView(d.dataset(), d.lastEvent(), d.lastPeriod(), d.alert(),
                    f.warn() == null ? null : f.warn().toString(), f.error() == null ? null : f.error().toString()));
        }
        List<DatasetView> alerts = datasets.values().stream().filter(d -> !"NONE".equals(d.alert())).toList();
        return new StatusReport(now.toString(), state.createdAt == 0 ? null : iso(state.createdAt), runs, views,
                List.copyOf(datasets.values()), alerts);
    }

    /** The report as indented JSON (field names as the record components). */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("status: cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String trigger(Pipeline p, ProjectPipelines pipelines) {
        if (p.schedule() != null) {
            return "cron " + p.schedule() + " (" + p.schedule().zone() + ")";
        }
        if (p.datasetTriggered()) {
            return "datasets (" + p.options().triggerStrategy().name().toLowerCase() + "): " + String.join(", ",
                    p.inputs().stream().map(Input::dataset).toList()) + pipelines.triggerCron(p.id())
                    .map(c -> ", periods of computed cron " + c.expression()).orElse("");
        }
        if (p.fileTriggered()) {
            return "files (" + p.options().preloadStrategy().name().toLowerCase() + "), checked every "
                    + p.options().preloadPokeInterval();
        }
        return "on demand (trigger, run)";
    }

    private static List<Wait> waits(Pipeline p, ProjectPipelines pipelines, CoordinatorState state) {
        List<Wait> out = new ArrayList<>();
        for (RunRecord r : state.runs.values()) {
            if (!r.pipeline.equals(p.id()) || r.nextAt == null) {
                continue;
            }
            if (r.status == RunStatus.PRELOAD_WAIT) {
                out.add(new Wait(null, r.period, "preload not ready, poked again at " + iso(r.nextAt)));
            } else if (r.status == RunStatus.RETRY_WAIT) {
                out.add(new Wait(null, r.period, "attempt " + r.attempt + " at " + iso(r.nextAt) + " (last error: "
                        + r.message + ")"));
            }
        }
        if (!p.datasetTriggered()) {
            return out;
        }
        TriggerState ts = state.triggers.get(p.id());
        Optional<CronSchedule> cron = pipelines.triggerCron(p.id());
        if (cron.isPresent()) {
            Instant period = nextPeriod(p, pipelines, state, cron.get());
            for (Input in : p.inputs()) {
                Instant upTo = PeriodCoverage.coveredUpTo(in.dataset(), pipelines, state, cron.get());
                if (upTo == null || (period != null && upTo.isBefore(period))) {
                    out.add(new Wait(in.dataset(), period == null ? null : cron.get().slSchedule(period),
                            upTo == null ? "no event yet" : "covers up to " + cron.get().slSchedule(upTo)));
                }
            }
        } else if (p.options().triggerStrategy() == TriggerStrategy.ALL) {
            for (Input in : p.inputs()) {
                if (ts == null || !ts.pending.containsKey(in.dataset())) {
                    out.add(new Wait(in.dataset(), null, "no event since the last run"));
                }
            }
        }
        return out;
    }

    /** The task period after the last one it fired for (null before its first fire: the first period covered). */
    static Instant nextPeriod(Pipeline p, ProjectPipelines pipelines, CoordinatorState state, CronSchedule cron) {
        TriggerState ts = state.triggers.get(p.id());
        if (ts != null && ts.lastFiredTick != null) {
            return cron.next(Instant.ofEpochMilli(ts.lastFiredTick));
        }
        return null;
    }

    static String iso(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }

    /** Runs of one pipeline, oldest first. */
    static List<RunRecord> runsOf(CoordinatorState state, String pipeline) {
        return state.runs.values().stream().filter(r -> r.pipeline.equals(pipeline))
                .sorted(Comparator.comparingLong(r -> r.createdAt)).toList();
    }
}
