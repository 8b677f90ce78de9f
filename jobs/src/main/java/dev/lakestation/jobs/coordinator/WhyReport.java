package dev.lakestation.jobs.coordinator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lakestation.jobs.coordinator.CoordinatorState.DatasetStatus;
import dev.lakestation.jobs.coordinator.CoordinatorState.TriggerState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Why a pipeline did or did not run for a period, rule by rule ({@code lakestation status --why}): an evaluation
 * tree in the manner of Dagster's, computed from the {@link CoordinatorState} alone.
 *
 * <pre>{@code
 * WhyReport w = WhyReport.of(pipelines, state, "transform:kpi.t", "20240301T0000", Instant.now());
 * System.out.print(w.toText());
 * // transform:kpi.t for period 20240301T0000: WAITING
 * //   [ok] trigger: datasets (all) on computed cron 0 * * * *
 * //     [ok] sales.orders covers up to 20240301T0100
 * //     [no] sales.customers: no event yet
 * //   [..] run: none yet
 * }</pre>
 *
 * @param pipeline the pipeline id
 * @param period   the period explained (given, or chosen: the latest run's, else the current one)
 * @param verdict  RAN, FAILED, SKIPPED, RUNNING, WAITING or NOT_RUN (with the run's status in the rules)
 * @param rules    the evaluation tree
 */
public record WhyReport(String pipeline, String period, String verdict, List<Rule> rules) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One rule: PASS (holds), FAIL (does not hold: why it did not run), WAIT (not yet), INFO. */
    public record Rule(String name, Result result, String detail, List<Rule> children) {
        public Rule {
            children = List.copyOf(children);
        }

        Rule(String name, Result result, String detail) {
            this(name, result, detail, List.of());
        }
    }

    /** The outcome of one rule. */
    public enum Result {
        PASS("ok"), FAIL("no"), WAIT(".."), INFO("--");

        private final String mark;

        Result(String mark) {
            this.mark = mark;
        }
    }

    /**
     * Explains {@code pipelineId} for {@code period} ({@code sl_schedule} form or a run key; null: the latest run's
     * period, else the pipeline's current cron period).
     */
    public static WhyReport of(ProjectPipelines pipelines, CoordinatorState state, String pipelineId, String period,
                               Instant now) {
        Pipeline p = pipelines.pipeline(pipelineId).orElseThrow(() -> new IllegalArgumentException(
                "no pipeline '" + pipelineId + "'"));
        Optional<CronSchedule> cron = pipelines.periodCron(p.id());
        List<RunRecord> runs = StatusReport.runsOf(state, p.id());
        if (period == null) {
            period = !runs.isEmpty() ? runs.get(runs.size() - 1).period
                    : cron.map(c -> c.slSchedule(c.floor(now))).orElse(null);
        }
        String key = period;
        List<RunRecord> ofPeriod = runs.stream().filter(r -> key != null && key.equals(r.period)).toList();
        RunRecord last = ofPeriod.isEmpty() ? null : ofPeriod.get(ofPeriod.size() - 1);
        Instant tick = null;
        if (period != null && cron.isPresent() && period.matches("\\d{8}T\\d{4}")) {
            tick = CronSchedule.parseSlSchedule(period, pipelines.zone());
        }
        List<Rule> rules = new ArrayList<>();
        rules.add(triggerRule(p, pipelines, state, tick, last, now));
        rules.add(runRule(p, ofPeriod, last));
        if (last != null && (last.attempt > 1 || last.status == RunStatus.RETRY_WAIT)) {
            rules.add(new Rule("retries", last.status == RunStatus.RETRY_WAIT ? Result.WAIT
                    : last.attempt > p.options().retries() + 1 || last.status == RunStatus.FAILED ? Result.FAIL
                    : Result.PASS, "attempt " + last.attempt + " of " + (p.options().retries() + 1) + ", retry_delay "
                    + p.options().retryDelay() + (last.nextAt != null ? "; next at " + StatusReport.iso(last.nextAt)
                    : "")));
        }
        if (last != null && (last.status == RunStatus.PRELOAD_WAIT || (last.status == RunStatus.SKIPPED
                && last.message != null && last.message.contains("not ready")))) {
            rules.add(new Rule("preload", last.status == RunStatus.PRELOAD_WAIT ? Result.WAIT : Result.FAIL,
                    p.options().preloadStrategy().name().toLowerCase() + ": " + (last.status == RunStatus.PRELOAD_WAIT
                            ? "not ready since " + StatusReport.iso(last.preloadSince) + ", poked again at "
                            + StatusReport.iso(last.nextAt) + ", skipped after " + p.options().preloadTimeout()
                            : last.message)));
        }
        for (FreshnessRule f : pipelines.freshness()) {
            if (p.outputs().stream().anyMatch(o -> Inputs.key(o).equals(Inputs.key(f.dataset())))) {
                DatasetStatus d = state.datasets.get(Inputs.key(f.dataset()));
                String alert = d == null ? "NONE" : d.alert;
                rules.add(new Rule("freshness " + f.dataset(), alert.equals("NONE") ? Result.PASS : Result.FAIL,
                        "last event " + (d == null || d.lastEventAt == null ? "never" : StatusReport.iso(d.lastEventAt))
                                + ", warn after " + f.warn() + ", error after " + f.error() + ": " + alert));
            }
        }
        String verdict;
        if (last == null) {
            verdict = rules.get(0).result() == Result.WAIT ? "WAITING" : "NOT_RUN";
        } else {
            verdict = switch (last.status) {
                case SUCCEEDED -> "RAN";
                case FAILED, TIMED_OUT -> "FAILED";
                case SKIPPED -> "SKIPPED";
                case RUNNING -> "RUNNING";
                default -> "WAITING";
            };
        }
        return new WhyReport(p.id(), period, verdict, rules);
    }

    private static Rule triggerRule(Pipeline p, ProjectPipelines pipelines, CoordinatorState state, Instant tick,
                                    RunRecord last, Instant now) {
        if (last != null && last.reason != null && (last.reason.startsWith("manual") || last.reason.startsWith(
                "backfill") || last.reason.equals("run once"))) {
            return new Rule("trigger", Result.PASS, last.reason);
        }
        if (p.schedule() != null) {
            CronSchedule c = p.schedule();
            String what = "cron " + c + " (" + c.zone() + ")";
            if (tick == null) {
                return new Rule("trigger", Result.INFO, what + ": the period is not a cron tick");
            }
            if (!c.floor(tick).equals(tick)) {
                return new Rule("trigger", Result.FAIL, what + ": " + c.slSchedule(tick) + " is not one of its ticks");
            }
            Long lastTick = state.lastTick.get(p.id());
            if (last != null) {
                return new Rule("trigger", Result.PASS, what + ": fired at its tick " + tick);
            }
            if (lastTick == null || tick.isAfter(Instant.ofEpochMilli(lastTick))) {
                return new Rule("trigger", Result.WAIT, what + ": tick " + tick + " not reached yet"
                        + (lastTick == null ? " (the coordinator has not started)" : ""));
            }
            if (tick.toEpochMilli() < state.createdAt) {
                return new Rule("trigger", Result.FAIL, what + ": tick " + tick
                        + " is before the coordinator's first start (" + StatusReport.iso(state.createdAt)
                        + "): history, not run (backfill to run it)");
            }
            return new Rule("trigger", Result.FAIL, what + ": tick " + tick + " was missed while the coordinator was "
                    + "down; catchup " + (p.options().catchUp() == CatchUp.ALL) + " ran only the latest missed tick "
                    + "(backfill to run it)");
        }
        if (p.datasetTriggered()) {
            String strategy = p.options().triggerStrategy().name().toLowerCase();
            Optional<CronSchedule> cron = pipelines.triggerCron(p.id());
            List<Rule> inputs = new ArrayList<>();
            boolean all = true;
            boolean anyInput = false;
            if (cron.isPresent() && tick != null) {
                for (Input in : p.inputs()) {
                    Instant upTo = PeriodCoverage.coveredUpTo(in.dataset(), pipelines, state, cron.get());
                    boolean covers = upTo != null && !upTo.isBefore(tick);
                    all &= covers;
                    anyInput |= covers;
                    inputs.add(new Rule(in.dataset(), covers ? Result.PASS : Result.FAIL, upTo == null
                            ? "no event yet" : "its events cover periods up to " + cron.get().slSchedule(upTo)
                            + " (cron " + pipelines.datasetCron(in.dataset()).map(CronSchedule::expression)
                            .orElse("?") + ")"));
                }
                boolean ready = p.options().triggerStrategy() == TriggerStrategy.ALL ? all : anyInput;
                String what = "datasets (" + strategy + ") on computed cron " + cron.get().expression();
                if (last != null) {
                    return new Rule("trigger", Result.PASS, what + ": " + last.reason, inputs);
                }
                TriggerState ts = state.triggers.get(p.id());
                if (ready && ts != null && ts.lastFiredTick != null && tick.toEpochMilli() < ts.lastFiredTick) {
                    return new Rule("trigger", Result.FAIL, what + ": superseded — it fired for the newer period "
                            + cron.get().slSchedule(Instant.ofEpochMilli(ts.lastFiredTick))
                            + " (an input jumped ahead; newer data supersedes, older periods are not run)", inputs);
                }
                return new Rule("trigger", ready ? Result.PASS : Result.WAIT, what, inputs);
            }
            TriggerState ts = state.triggers.get(p.id());
            for (Input in : p.inputs()) {
                boolean has = ts != null && ts.pending.containsKey(in.dataset());
                all &= has;
                inputs.add(new Rule(in.dataset(), has ? Result.PASS : Result.WAIT, has
                        ? "event " + ts.pending.get(in.dataset()) + " since the last run"
                        : "no event since the last run"));
            }
            String what = "datasets (" + strategy + "), no cron: fires on new events";
            return new Rule("trigger", last != null ? Result.PASS : all ? Result.PASS : Result.WAIT,
                    last != null ? what + ": " + last.reason : what, inputs);
        }
        if (p.fileTriggered()) {
            Long poll = state.lastTick.get(p.id());
            return new Rule("trigger", last != null ? Result.PASS : Result.WAIT, "files ("
                    + p.options().preloadStrategy().name().toLowerCase() + "), checked every "
                    + p.options().preloadPokeInterval() + (poll != null ? ", last check " + StatusReport.iso(poll) : "")
                    + (last != null ? ": " + last.reason : ""));
        }
        return new Rule("trigger", last != null ? Result.PASS : Result.INFO,
                "on demand only (no schedule, no inputs): lakestation trigger or run");
    }

    private static Rule runRule(Pipeline p, List<RunRecord> ofPeriod, RunRecord last) {
        if (last == null) {
            return new Rule("run", Result.WAIT, "none for this period");
        }
        List<Rule> earlier = new ArrayList<>();
        for (RunRecord r : ofPeriod) {
            if (r != last) {
                earlier.add(new Rule(r.runId, Result.INFO, r.status + (r.message == null ? "" : ": " + r.message)));
            }
        }
        Result result = switch (last.status) {
            case SUCCEEDED -> Result.PASS;
            case FAILED, TIMED_OUT, SKIPPED -> Result.FAIL;
            default -> Result.WAIT;
        };
        String detail = last.runId + " " + last.status + ", attempt " + last.attempt
                + (last.startedAt != null ? ", started " + StatusReport.iso(last.startedAt) : "")
                + (last.finishedAt != null ? ", ended " + StatusReport.iso(last.finishedAt) : "")
                + (last.flinkJobId != null ? ", Flink job " + last.flinkJobId : "")
                + (last.message != null ? ": " + last.message : "")
                + (last.status.isFinal() ? " — exactly once: not started again (backfill --reprocess re-runs it)"
                : "");
        return new Rule("run", result, detail, earlier);
    }

    /** The tree for people, two spaces per level, each rule prefixed by {@code [ok] [no] [..] [--]}. */
    public String toText() {
        StringBuilder b = new StringBuilder(pipeline + " for period " + (period == null ? "(none)" : period) + ": "
                + verdict + "\n");
        for (Rule r : rules) {
            append(b, r, 1);
        }
        return b.toString();
    }

    private static void append(StringBuilder b, Rule r, int depth) {
        b.append("  ".repeat(depth)).append('[').append(r.result().mark).append("] ").append(r.name()).append(": ")
                .append(r.detail()).append('\n');
        for (Rule c : r.children()) {
            append(b, c, depth + 1);
        }
    }

    /** The tree as indented JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("status --why: cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
