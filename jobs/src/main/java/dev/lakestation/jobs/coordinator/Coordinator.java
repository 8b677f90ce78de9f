package dev.lakestation.jobs.coordinator;

import dev.lakestation.jobs.audit.DatasetEvent;
import dev.lakestation.jobs.audit.DatasetEvents;
import dev.lakestation.jobs.coordinator.CoordinatorState.DatasetStatus;
import dev.lakestation.jobs.coordinator.CoordinatorState.TriggerState;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The dataset-event coordinator: fires cron schedules, evaluates dataset triggers, runs pipelines through a
 * {@link JobRunner} with preload pokes, retries and timeouts, raises freshness alerts, and keeps all of it in a
 * {@link StateStore} so that a restarted coordinator neither starts a run twice nor forgets one. No threads and no
 * I/O of its own: it is driven step by step, and every step returns what it decided. The rules are in
 * {@code jobs/docs/coordinator.md}.
 *
 * <pre>{@code
 * Coordinator c = new Coordinator(ProjectPipelines.of(project), runner, new FileStateStore(stateFile),
 *         Clock.systemUTC(), new FileDatasetEvents(datasets));
 * while (running) {                         // the service loop
 *     c.tick().forEach(log::info);
 *     sleepUntil(c.nextWakeUp());          // or until an event arrives
 * }
 * // lakestation run: the whole project once
 * RunOnceResult r = new Coordinator(pp, runner, new InMemoryStateStore(), Clock.systemUTC(), null)
 *         .runOnce("run-20240301T1000");
 * }</pre>
 *
 * Not thread-safe: one thread drives it (only {@link RunContext#flinkJobSubmitted}, called by a job runner during a
 * job call, may come from another thread).
 */
public final class Coordinator {

    private static final int EVENT_BATCH = 500;
    /** Event ids are remembered this long for deduplication (older replays would be handled again). */
    static final Duration DEDUP_RETENTION = Duration.ofDays(30);
    /**
     * Finished runs kept per pipeline (the newest): the state is one document (one key-value entry with a broker,
     * bounded by the server's max_payload), so the history cannot grow without bound. Older finished runs are
     * dropped; their periods stay done ({@link CoordinatorState#prunedThrough}).
     */
    static final int KEPT_FINISHED_RUNS = 50;
    /** Event ids remembered at most (the newest), within {@link #DEDUP_RETENTION}: same reason. */
    static final int KEPT_EVENT_IDS = 2_000;
    private static final int MAX_CATCH_UP = 100_000;

    private final ProjectPipelines pipelines;
    private final JobRunner runner;
    private final StateStore store;
    private final Clock clock;
    private final DatasetEvents events;
    private final CoordinatorState state;
    private final List<Decision> out = new ArrayList<>();
    private boolean recovered;
    /** runOnce: no waiting (preload not ready → SKIPPED, retries at once) and no dataset triggers */
    private boolean oneShot;
    /** runOnce: datasets whose step was {@link Outcome.Skipped}, or whose input was: what reads them is skipped */
    private final Set<String> notLoaded = new HashSet<>();
    /** No stored state: the events already in the source are history (recorded, not triggering), like cron ticks. */
    private boolean firstStart;
    private boolean readingHistory;
    /** orders a save from a job runner's thread (a reported Flink job) with the driving thread's saves */
    private final Object saving = new Object();
    /** the run whose job call is in progress (told its Flink job ids), or null; guarded by {@code saving} */
    private RunRecord inCall;

    /**
     * @param events the event source to read ({@code tick()} reads what was published since the stored position),
     *               or null when events only come through {@link #onEvent} and job outcomes
     */
    public Coordinator(ProjectPipelines pipelines, JobRunner runner, StateStore store, Clock clock,
                       DatasetEvents events) {
        this.pipelines = pipelines;
        this.runner = runner;
        this.store = store;
        this.clock = clock;
        this.events = events;
        this.state = store.load().orElseGet(() -> {
            firstStart = true;
            CoordinatorState s = new CoordinatorState();
            s.createdAt = clock.millis();
            return s;
        });
    }

    // ---------------------------------------------------------------- entry points

    /** Handles everything due now: new events, cron ticks, file polls, pending/retry/poke runs, freshness. */
    public List<Decision> tick() {
        begin();
        Instant now = clock.instant();
        fireCrons(now);
        pollFiles(now);
        runDue();
        freshness(now);
        prune(now);
        save();
        return drain();
    }

    /** Handles one event pushed by the caller (an in-process job, a station consumer), then what it made due. */
    public List<Decision> onEvent(DatasetEvent event) {
        begin();
        handleEvent(event);
        runDue();
        save();
        return drain();
    }

    /**
     * Moves a {@link ManualClock} to {@code target}, stopping at every moment something is due (cron tick, poke,
     * retry, freshness threshold) and ticking there, so that a test sees what a live coordinator would have done.
     *
     * @throws IllegalStateException when the coordinator's clock is not a {@link ManualClock}
     */
    public List<Decision> advanceTo(Instant target) {
        if (!(clock instanceof ManualClock manual)) {
            throw new IllegalStateException("advanceTo needs a ManualClock; a live coordinator calls tick()");
        }
        List<Decision> all = new ArrayList<>(tick());
        for (int guard = 0; guard < 1_000_000; guard++) {
            Optional<Instant> next = nextWakeUp();
            if (next.isEmpty() || next.get().isAfter(target) || !next.get().isAfter(manual.instant())) {
                break;
            }
            manual.set(next.get());
            all.addAll(tick());
        }
        if (target.isAfter(manual.instant())) {
            manual.set(target);
        }
        all.addAll(tick());
        return all;
    }

    /**
     * Creates (and runs) the run of {@code pipelineId} for {@code period} — {@code lakestation trigger}. A period in
     * {@code sl_schedule} form of a scheduled pipeline is that cron period; anything else is a plain key. A run that
     * already exists is not started again (decision ALREADY_RAN).
     */
    public List<Decision> trigger(String pipelineId, String period) {
        begin();
        Pipeline p = pipelines.pipeline(pipelineId).orElseThrow(() -> new IllegalArgumentException(
                "no pipeline '" + pipelineId + "' (known: " + pipelines.all().stream().map(Pipeline::id).toList()
                        + ")"));
        Long tick = null;
        if (pipelines.periodCron(p.id()).isPresent() && period.matches("\\d{8}T\\d{4}")) {
            tick = CronSchedule.parseSlSchedule(period, pipelines.zone()).toEpochMilli();
        }
        if (!createRun(p, period, tick, "manual trigger") && state.runs.containsKey(runId(p, period))) {
            RunRecord r = state.runs.get(runId(p, period));
            decide(Decision.Type.ALREADY_RAN, p.id(), r.runId, "already " + r.status + ": not started again");
        }
        runDue();
        save();
        return drain();
    }

    /**
     * The period {@code lakestation trigger <task>} uses when none is given: the current period of the pipeline's
     * cron (its schedule or computed cron), else {@code manual-<UTC time>}.
     */
    public String defaultPeriod(String pipelineId) {
        Instant now = clock.instant();
        return pipelines.periodCron(pipelineId).map(c -> c.slSchedule(c.floor(now)))
                .orElseGet(() -> "manual-" + CronSchedule.format(now, java.time.ZoneOffset.UTC));
    }

    /**
     * {@code lakestation backfill}: one run per period of the pipeline's cron from {@code from} to {@code to}
     * (both included), oldest first, with the same rules as any run (preload, retries, events). A period that already
     * has a run is left alone with {@link Reprocess#NONE}, re-run when its last run did not succeed with
     * {@link Reprocess#FAILED}, re-run always with {@link Reprocess#ALL}; a period whose run is still in progress is
     * never started twice. A re-run gets the run id {@code <pipeline>@<period>.r<n>} (n = 2, 3, …), so it is a new
     * run with its own dataset event, while {@code <pipeline>@<period>} stays the period's first run. Like Airflow's
     * backfill, it does not cascade: downstream periods already fired are not fired again by the re-run's events.
     *
     * @throws IllegalArgumentException when the pipeline has no cron, or the range holds more than 10,000 periods
     */
    public List<Decision> backfill(String pipelineId, Instant from, Instant to, Reprocess reprocess) {
        begin();
        Pipeline p = pipelines.pipeline(pipelineId).orElseThrow(() -> new IllegalArgumentException(
                "no pipeline '" + pipelineId + "'"));
        CronSchedule cron = pipelines.periodCron(p.id()).orElseThrow(() -> new IllegalArgumentException(
                p.id() + " has no cron (no schedule, and its inputs have none): it has no periods to backfill; "
                        + "use trigger --period"));
        List<Instant> ticks = new ArrayList<>();
        for (Instant t = cron.floor(from).equals(from) ? from : cron.next(from); !t.isAfter(to); t = cron.next(t)) {
            ticks.add(t);
            if (ticks.size() > 10_000) {
                throw new IllegalArgumentException("backfill " + p.id() + ": more than 10,000 periods from " + from
                        + " to " + to + " on cron " + cron + "; split the range");
            }
        }
        if (ticks.isEmpty()) {
            decide(Decision.Type.SKIPPED, p.id(), null, "backfill: no tick of cron " + cron + " from " + from
                    + " to " + to);
        }
        for (Instant t : ticks) {
            String period = cron.slSchedule(t);
            List<RunRecord> existing = state.runs.values().stream().filter(r -> r.pipeline.equals(p.id())
                    && period.equals(r.period)).toList();
            RunRecord last = existing.isEmpty() ? null : existing.get(existing.size() - 1);
            if (last == null && reprocess == Reprocess.ALL && pruned(p, t.toEpochMilli())) {
                // its run was pruned from the history: done, but --reprocess all runs every period again
                createRunAnyway(p, period, t.toEpochMilli(), "backfill --reprocess all (older than the kept history)");
            } else if (last == null) {
                createRun(p, period, t.toEpochMilli(), "backfill");
            } else if (!last.status.isFinal()) {
                decide(Decision.Type.ALREADY_RAN, p.id(), last.runId, "backfill: still " + last.status
                        + ": not started twice");
            } else if (reprocess == Reprocess.ALL || (reprocess == Reprocess.FAILED
                    && last.status != RunStatus.SUCCEEDED)) {
                String key = period + ".r" + (existing.size() + 1);
                createRun(p, key, t.toEpochMilli(), "backfill --reprocess " + reprocess.name().toLowerCase()
                        + " (was " + last.status + ")");
                state.runs.get(runId(p, key)).period = period;
            } else {
                decide(Decision.Type.ALREADY_RAN, p.id(), last.runId, "backfill: already " + last.status
                        + " (--reprocess " + reprocess.name().toLowerCase() + ")");
            }
            save();
        }
        runDue();
        save();
        return drain();
    }

    /**
     * Drives only the runs that are due now (pending, retries and pokes whose time has come), without firing crons,
     * polling files or raising freshness alerts: what {@code trigger} and {@code backfill} run in the foreground do
     * while they wait for their runs.
     */
    public List<Decision> resume() {
        begin();
        runDue();
        save();
        return drain();
    }

    /** What ran, what waits and why, now: the model of {@code lakestation status}. */
    public StatusReport status() {
        return StatusReport.of(pipelines, state, clock.instant());
    }

    /**
     * The whole project once ({@code lakestation run}): every load pipeline (stage → preload → loads), then every
     * transform in dependency order, each as run {@code <pipeline>@<runKey>}. Nothing waits: a preload that is not
     * ready skips its run, retries follow at once, and a transform whose input failed in this run is SKIPPED
     * ("upstream failed"). The datasets written are recorded like any event (dedup, freshness).
     *
     * @param runKey unique per invocation (the CLI uses its start time); a run id that exists is not run again
     */
    public RunOnceResult runOnce(String runKey) {
        // one-shot before the first poll: events already in the source (an earlier run's, on the same datasets
        // folder) are recorded, but must not trigger transforms this run is about to run in order anyway
        oneShot = true;
        notLoaded.clear();
        List<Decision> decisions;
        try {
            begin();
            decisions = new ArrayList<>(drain());
        } catch (RuntimeException e) {
            oneShot = false;
            throw e;
        }
        List<RunRecord> result = new ArrayList<>();
        Set<String> failed = new HashSet<>();
        try {
            for (Pipeline p : pipelines.all()) {
                if (p.kind() == Pipeline.Kind.LOAD) {
                    result.add(runNow(p, runKey, failed));
                }
            }
            for (String id : pipelines.transformOrder()) {
                Pipeline p = pipelines.pipeline(id).orElseThrow();
                List<String> broken = p.inputs().stream().map(Input::dataset)
                        .filter(d -> failed.contains(Inputs.key(d))).toList();
                List<String> absent = p.inputs().stream().map(Input::dataset)
                        .filter(d -> notLoaded.contains(Inputs.key(d))).toList();
                if (broken.isEmpty() && !absent.isEmpty()) {
                    // not a failure: an input was skipped by design (e.g. a station table without a broker)
                    result.add(skip(p, runKey, "input not loaded: " + String.join(", ", absent)));
                    p.outputs().forEach(o -> notLoaded.add(Inputs.key(o)));
                } else if (broken.isEmpty()) {
                    result.add(runNow(p, runKey, failed));
                    TriggerState ts = state.triggers.get(p.id());
                    if (ts != null) {
                        ts.pending.clear(); // this run consumed what its trigger was waiting with
                    }
                } else {
                    result.add(skip(p, runKey, "upstream failed: " + String.join(", ", broken)));
                    p.outputs().forEach(o -> failed.add(Inputs.key(o)));
                }
                decisions.addAll(drain());
            }
        } finally {
            oneShot = false;
            save();
        }
        decisions.addAll(drain());
        return new RunOnceResult(runKey, result, decisions);
    }

    /** The next moment something is due (for the service loop's sleep), or empty when only events can wake it. */
    public Optional<Instant> nextWakeUp() {
        Instant now = clock.instant();
        Instant best = null;
        for (Pipeline p : pipelines.all()) {
            if (p.schedule() != null) {
                Long last = state.lastTick.get(p.id());
                best = min(best, p.schedule().next(last == null ? now : Instant.ofEpochMilli(last)));
            } else if (p.fileTriggered()) {
                Long last = state.lastTick.get(p.id());
                best = min(best, last == null ? now
                        : Instant.ofEpochMilli(last).plus(p.options().preloadPokeInterval()));
            }
        }
        for (RunRecord r : state.runs.values()) {
            if (r.status == RunStatus.PENDING) {
                best = min(best, now);
            } else if (!r.status.isFinal() && r.nextAt != null) {
                best = min(best, Instant.ofEpochMilli(r.nextAt));
            }
        }
        for (FreshnessRule rule : pipelines.freshness()) {
            DatasetStatus d = state.datasets.get(Inputs.key(rule.dataset()));
            Instant base = Instant.ofEpochMilli(d != null && d.lastEventAt != null ? d.lastEventAt : state.createdAt);
            String alert = d == null ? "NONE" : d.alert;
            if (rule.warn() != null && alert.equals("NONE")) {
                best = min(best, base.plus(rule.warn()));
            }
            if (rule.error() != null && !alert.equals("ERROR")) {
                best = min(best, base.plus(rule.error()));
            }
        }
        return Optional.ofNullable(best);
    }

    /** Copies of all runs, in creation order. */
    public List<RunRecord> runs() {
        return state.runs.values().stream().map(RunRecord::copy).toList();
    }

    /** A copy of one run. */
    public Optional<RunRecord> run(String runId) {
        return Optional.ofNullable(state.runs.get(runId)).map(RunRecord::copy);
    }

    /** The run id of {@code pipeline} for {@code period}: {@code <pipeline>@<period>}. */
    public static String runId(Pipeline pipeline, String period) {
        return pipeline.id() + "@" + period;
    }

    // ---------------------------------------------------------------- start-up

    private void begin() {
        if (!recovered) {
            recovered = true;
            // an event seen now proves that an interrupted job finished; on a first start, events the source holds
            // from before this coordinator existed (event time before the state's creation: an earlier
            // `lakestation run`, other systems) set the datasets' last events but fire nothing, as ticks before
            // the first start are not fired
            readingHistory = firstStart;
            try {
                pollEvents();
            } finally {
                readingHistory = false;
            }
            recoverInterrupted();
            save();
        } else {
            pollEvents();
        }
    }

    /** A run found RUNNING was cut by a crash: continue after its step if its event exists, else count a failure. */
    private void recoverInterrupted() {
        for (RunRecord r : List.copyOf(state.runs.values())) {
            if (r.status != RunStatus.RUNNING) {
                continue;
            }
            Optional<Pipeline> p = pipelines.pipeline(r.pipeline);
            if (p.isEmpty()) {
                finish(r, RunStatus.FAILED, "pipeline " + r.pipeline + " is no longer in the project");
                continue;
            }
            Step s = p.get().steps().get(Math.min(r.step, p.get().steps().size() - 1));
            String dataset = s.dataset(p.get().outputs().get(0));
            if (dataset != null && state.seenEvents.containsKey(DatasetEvent.idFor(dataset, r.runId))) {
                r.step++;
                r.status = RunStatus.PENDING;
                decide(Decision.Type.INTERRUPTED, r.pipeline, r.runId, "coordinator stopped after " + s
                        + " finished (its event was seen): continuing with the next step");
                if (r.step >= p.get().steps().size()) {
                    finish(r, RunStatus.SUCCEEDED, null);
                }
            } else {
                decide(Decision.Type.INTERRUPTED, r.pipeline, r.runId, "coordinator stopped during " + s
                        + ": attempt " + r.attempt + " counts as failed");
                failAttempt(r, p.get(), s + ": interrupted by a coordinator restart", false);
            }
        }
    }

    // ---------------------------------------------------------------- events and triggers

    private void pollEvents() {
        if (events == null) {
            return;
        }
        while (true) {
            List<DatasetEvents.Positioned> batch = events.readAfter(state.eventCursor, EVENT_BATCH);
            for (DatasetEvents.Positioned p : batch) {
                if (p.event() != null) {
                    handleEvent(p.event());
                }
                state.eventCursor = p.next();
            }
            if (batch.size() < EVENT_BATCH) {
                return;
            }
        }
    }

    private void handleEvent(DatasetEvent e) {
        if (state.seenEvents.containsKey(e.eventId())) {
            decide(Decision.Type.DUPLICATE_EVENT, null, e.runId(), e.dataset() + " event " + e.eventId()
                    + " already handled: dropped");
            return;
        }
        state.seenEvents.put(e.eventId(), e.eventTime().toEpochMilli());
        DatasetStatus d = state.datasets.computeIfAbsent(Inputs.key(e.dataset()), k -> new DatasetStatus());
        long t = e.eventTime().toEpochMilli();
        d.lastEventAt = d.lastEventAt == null ? t : Math.max(d.lastEventAt, t);
        d.alert = "NONE";
        Instant tick = periodOf(e);
        if (tick != null) {
            d.lastTick = d.lastTick == null ? tick.toEpochMilli() : Math.max(d.lastTick, tick.toEpochMilli());
        }
        if (oneShot || (readingHistory && t < state.createdAt)) {
            return;
        }
        for (Pipeline consumer : pipelines.consumersOf(e.dataset())) {
            evaluate(consumer, e, tick);
        }
    }

    /** The period an event belongs to: its {@code sl_schedule}, else the tick of its dataset's cron, else none. */
    private Instant periodOf(DatasetEvent e) {
        if (e.slSchedule() != null) {
            return CronSchedule.parseSlSchedule(e.slSchedule(), pipelines.zone());
        }
        return pipelines.datasetCron(e.dataset()).map(c -> c.floor(e.eventTime())).orElse(null);
    }

    private void evaluate(Pipeline p, DatasetEvent e, Instant tick) {
        TriggerState ts = state.triggers.computeIfAbsent(p.id(), k -> new TriggerState());
        Optional<CronSchedule> cron = pipelines.triggerCron(p.id());
        if (p.options().triggerStrategy() == TriggerStrategy.ANY) {
            boolean created;
            if (cron.isPresent() && tick != null) {
                Instant period = cron.get().floor(tick);
                created = createRun(p, cron.get().slSchedule(period), period.toEpochMilli(),
                        "any: " + e.dataset() + " for period " + cron.get().slSchedule(period));
            } else {
                created = createRun(p, "e" + shortHash(e.eventId()), null, "any: " + e.dataset());
            }
            if (created) {
                ts.firedBy.add(e.eventId());
            }
            return;
        }
        if (cron.isPresent()) {
            evaluatePeriods(p, ts, cron.get());
            return;
        }
        String input = p.inputs().stream().map(Input::dataset).filter(d -> Inputs.key(d).equals(
                Inputs.key(e.dataset()))).findFirst().orElse(e.dataset());
        ts.pending.put(input, e.eventId());
        List<String> missing = p.inputs().stream().map(Input::dataset).filter(d -> !ts.pending.containsKey(d))
                .toList();
        if (!missing.isEmpty()) {
            decide(Decision.Type.WAITING, p.id(), null, "has " + String.join(", ", ts.pending.keySet())
                    + "; waits for " + String.join(", ", missing));
            return;
        }
        List<String> ids = new ArrayList<>(new TreeMap<>(ts.pending).values());
        String key = "e" + shortHash(String.join(",", ids.stream().sorted().toList()));
        ts.pending.clear();
        if (createRun(p, key, null, "all inputs have new events: " + String.join(", ",
                p.inputs().stream().map(Input::dataset).toList()))) {
            ts.firedBy.addAll(ids);
        }
    }

    /**
     * Cron-period alignment: input i on cron C_i whose newest event is for tick t_i covers every task period P with
     * floor_{C_i}(P) <= t_i, i.e. P < next_{C_i}(t_i). The task fires for the newest period all inputs cover, once.
     */
    private void evaluatePeriods(Pipeline p, TriggerState ts, CronSchedule cron) {
        Instant candidate = null;
        List<String> missing = new ArrayList<>();
        Map<String, Instant> covered = new TreeMap<>();
        for (Input in : p.inputs()) {
            Instant upTo = PeriodCoverage.coveredUpTo(in.dataset(), pipelines, state, cron);
            if (upTo == null) {
                missing.add(in.dataset());
                continue;
            }
            covered.put(in.dataset(), upTo);
            candidate = candidate == null || upTo.isBefore(candidate) ? upTo : candidate;
        }
        if (!missing.isEmpty()) {
            decide(Decision.Type.WAITING, p.id(), null, "waits for a first event of " + String.join(", ", missing));
            return;
        }
        if (ts.lastFiredTick != null && !candidate.isAfter(Instant.ofEpochMilli(ts.lastFiredTick))) {
            Instant next = cron.next(Instant.ofEpochMilli(ts.lastFiredTick));
            List<String> behind = covered.entrySet().stream().filter(x -> x.getValue().isBefore(next))
                    .map(Map.Entry::getKey).toList();
            decide(Decision.Type.WAITING, p.id(), null, "period " + cron.slSchedule(next) + " waits for "
                    + String.join(", ", behind));
            return;
        }
        ts.lastFiredTick = candidate.toEpochMilli();
        createRun(p, cron.slSchedule(candidate), candidate.toEpochMilli(), "all inputs cover period "
                + cron.slSchedule(candidate));
    }

    // ---------------------------------------------------------------- time-driven rules

    private void fireCrons(Instant now) {
        for (Pipeline p : pipelines.all()) {
            CronSchedule cron = p.schedule();
            if (cron == null) {
                continue;
            }
            Long last = state.lastTick.get(p.id());
            if (last == null) {
                // first start: ticks up to now are history, the next one fires
                state.lastTick.put(p.id(), cron.floor(now).toEpochMilli());
                continue;
            }
            List<Instant> due = new ArrayList<>();
            for (Instant t = cron.next(Instant.ofEpochMilli(last)); !t.isAfter(now) && due.size() < MAX_CATCH_UP;
                 t = cron.next(t)) {
                due.add(t);
            }
            if (due.isEmpty()) {
                continue;
            }
            state.lastTick.put(p.id(), due.get(due.size() - 1).toEpochMilli());
            int missed = due.size() - 1;
            if (p.options().catchUp() == CatchUp.LATEST && missed > 0) {
                due = List.of(due.get(due.size() - 1));
            }
            for (Instant tick : due) {
                String why = "cron " + cron + (missed > 0 ? (p.options().catchUp() == CatchUp.LATEST
                        ? " (latest of " + (missed + 1) + " missed ticks, catchup false)" : " (catch-up)") : "");
                createRun(p, cron.slSchedule(tick), tick.toEpochMilli(), why);
            }
        }
    }

    /** Unscheduled IMPORTED/PENDING loads: ask the preload every poke interval; files there → a run. */
    private void pollFiles(Instant now) {
        for (Pipeline p : pipelines.all()) {
            if (!p.fileTriggered()) {
                continue;
            }
            Long last = state.lastTick.get(p.id());
            if (last != null && now.isBefore(Instant.ofEpochMilli(last).plus(p.options().preloadPokeInterval()))) {
                continue;
            }
            state.lastTick.put(p.id(), now.toEpochMilli());
            boolean busy = state.runs.values().stream().anyMatch(r -> r.pipeline.equals(p.id())
                    && !r.status.isFinal());
            String period = CronSchedule.format(now, pipelines.zone());
            if (busy || state.runs.containsKey(runId(p, period))) {
                continue;
            }
            Step preload = p.steps().stream().filter(s -> s.kind() == Step.Kind.PRELOAD).findFirst().orElseThrow();
            Outcome o = call(preload, new RunContext(runId(p, period), p.id(), 1, null, null), p);
            if (o instanceof Outcome.Succeeded) {
                createRun(p, period, null, "files ready (" + p.options().preloadStrategy() + ")");
            } else if (o instanceof Outcome.Failed f) {
                decide(Decision.Type.WAITING, p.id(), null, "file check failed, polled again: " + f.message());
            }
        }
    }

    private void freshness(Instant now) {
        for (FreshnessRule rule : pipelines.freshness()) {
            DatasetStatus d = state.datasets.computeIfAbsent(Inputs.key(rule.dataset()), k -> new DatasetStatus());
            Instant base = Instant.ofEpochMilli(d.lastEventAt != null ? d.lastEventAt : state.createdAt);
            Duration age = Duration.between(base, now);
            String level = rule.error() != null && age.compareTo(rule.error()) >= 0 ? "ERROR"
                    : rule.warn() != null && age.compareTo(rule.warn()) >= 0 ? "WARN" : "NONE";
            if (rank(level) <= rank(d.alert)) {
                continue;
            }
            d.alert = level;
            Duration limit = level.equals("ERROR") ? rule.error() : rule.warn();
            String since = d.lastEventAt != null ? "last written " + base : "never written since " + base;
            decide(level.equals("ERROR") ? Decision.Type.FRESHNESS_ERROR : Decision.Type.FRESHNESS_WARN,
                    pipelines.producerOf(rule.dataset()).orElse(null), null, rule.dataset() + " is stale: " + since
                            + " (" + age + " ago), " + level.toLowerCase() + " after " + limit);
        }
    }

    // ---------------------------------------------------------------- runs

    private boolean createRun(Pipeline p, String period, Long tick, String reason) {
        if (tick != null && pruned(p, tick)) {
            decide(Decision.Type.ALREADY_RAN, p.id(), runId(p, period), "period " + period + " is older than the "
                    + "kept run history (the newest " + KEPT_FINISHED_RUNS + " finished runs per pipeline): done, not "
                    + "run again (backfill --reprocess all re-runs it)");
            return false;
        }
        return createRunAnyway(p, period, tick, reason);
    }

    /** True when the run of {@code p} for the period at {@code tick} was pruned from the history (done). */
    private boolean pruned(Pipeline p, long tick) {
        Long through = state.prunedThrough.get(p.id());
        return through != null && tick <= through;
    }

    private boolean createRunAnyway(Pipeline p, String period, Long tick, String reason) {
        String id = runId(p, period);
        if (state.runs.containsKey(id)) {
            return false;
        }
        RunRecord r = new RunRecord();
        r.runId = id;
        r.pipeline = p.id();
        r.period = period;
        r.periodTick = tick;
        r.status = RunStatus.PENDING;
        r.attempt = 1;
        r.createdAt = clock.millis();
        r.reason = reason;
        state.runs.put(id, r);
        decide(Decision.Type.TRIGGERED, p.id(), id, reason);
        return true;
    }

    private RunRecord runNow(Pipeline p, String runKey, Set<String> failed) {
        createRun(p, runKey, null, "run once");
        runDue();
        RunRecord r = state.runs.get(runId(p, runKey));
        if (r.status == RunStatus.FAILED || r.status == RunStatus.TIMED_OUT) {
            // the outputs of the failed step and of the steps after it were not written by this run
            for (int i = Math.min(r.step, p.steps().size()); i < p.steps().size(); i++) {
                String ds = p.steps().get(i).dataset(p.outputs().get(0));
                if (ds != null) {
                    failed.add(Inputs.key(ds));
                }
            }
        }
        return r.copy();
    }

    private RunRecord skip(Pipeline p, String runKey, String why) {
        if (!state.runs.containsKey(runId(p, runKey))) {
            createRun(p, runKey, null, "run once");
            finish(state.runs.get(runId(p, runKey)), RunStatus.SKIPPED, why);
        }
        return state.runs.get(runId(p, runKey)).copy();
    }

    /** Drives every run that is due now, oldest first, until none is (a run's events may make others due). */
    private void runDue() {
        while (true) {
            long now = clock.millis();
            RunRecord due = null;
            for (RunRecord r : state.runs.values()) {
                if (r.status == RunStatus.PENDING || ((r.status == RunStatus.RETRY_WAIT
                        || r.status == RunStatus.PRELOAD_WAIT) && r.nextAt != null && r.nextAt <= now)) {
                    due = r;
                    break;
                }
            }
            if (due == null) {
                return;
            }
            drive(due);
        }
    }

    private void drive(RunRecord r) {
        Optional<Pipeline> found = pipelines.pipeline(r.pipeline);
        if (found.isEmpty()) {
            finish(r, RunStatus.FAILED, "pipeline " + r.pipeline + " is no longer in the project");
            return;
        }
        Pipeline p = found.get();
        if (r.status != RunStatus.PRELOAD_WAIT) {
            decide(Decision.Type.STARTED, p.id(), r.runId, "attempt " + r.attempt
                    + (r.step > 0 ? " from step " + (r.step + 1) + " (" + p.steps().get(r.step) + ")" : ""));
        }
        if (r.status != RunStatus.PRELOAD_WAIT) {
            r.startedAt = clock.millis();
        }
        r.status = RunStatus.RUNNING;
        r.nextAt = null;
        save(); // write-ahead: a crash from here on is seen as an interrupted attempt
        while (r.step < p.steps().size()) {
            Step s = p.steps().get(r.step);
            Instant deadline = p.runTimeout() == null ? null : clock.instant().plus(p.runTimeout());
            RunContext ctx = new RunContext(r.runId, p.id(), r.attempt, r.periodTick != null ? r.period : null,
                    deadline, jobId -> flinkJobSubmitted(r, jobId));
            Outcome o = callFor(r, s, ctx, p);
            if (o instanceof Outcome.Failed f && deadline != null && !clock.instant().isBefore(deadline)) {
                o = Outcome.timedOut(f.message());
            }
            if (o instanceof Outcome.Succeeded ok) {
                r.step++;
                r.preloadSince = null;
                ok.events().forEach(this::handleEvent);
                save();
            } else if (o instanceof Outcome.Skipped sk) {
                String ds = s.dataset(p.outputs().get(0));
                if (ds != null) {
                    notLoaded.add(Inputs.key(ds));
                }
                decide(Decision.Type.STEP_SKIPPED, p.id(), r.runId, s + ": " + sk.reason());
                r.step++;
                save();
            } else if (o instanceof Outcome.NotReady nr && s.kind() == Step.Kind.PRELOAD) {
                notReady(r, p, s, nr.reason());
                return;
            } else if (o instanceof Outcome.NotReady nr) {
                failAttempt(r, p, s + ": not ready: " + nr.reason(), false);
                return;
            } else if (o instanceof Outcome.TimedOut t) {
                failAttempt(r, p, s + ": timed out after " + p.runTimeout() + ": " + t.message(), true);
                return;
            } else if (o instanceof Outcome.Failed f) {
                failAttempt(r, p, s + ": " + f.message(), false);
                return;
            }
        }
        finish(r, RunStatus.SUCCEEDED, null);
    }

    private void notReady(RunRecord r, Pipeline p, Step s, String reason) {
        Instant now = clock.instant();
        if (r.preloadSince == null) {
            r.preloadSince = now.toEpochMilli();
        }
        Instant since = Instant.ofEpochMilli(r.preloadSince);
        Instant giveUp = since.plus(p.options().preloadTimeout());
        if (oneShot || !now.isBefore(giveUp)) {
            finish(r, RunStatus.SKIPPED, s + " (" + p.options().preloadStrategy() + ") not ready"
                    + (oneShot ? "" : " after " + Duration.between(since, now)) + ": " + reason);
            return;
        }
        Instant next = now.plus(p.options().preloadPokeInterval());
        r.status = RunStatus.PRELOAD_WAIT;
        r.nextAt = (next.isAfter(giveUp) ? giveUp : next).toEpochMilli();
        decide(Decision.Type.PRELOAD_WAITING, p.id(), r.runId, s + " not ready (" + reason + "): poke again at "
                + Instant.ofEpochMilli(r.nextAt) + ", skipped at " + giveUp);
        save();
    }

    private void failAttempt(RunRecord r, Pipeline p, String message, boolean timedOut) {
        r.message = message;
        if (r.attempt <= p.options().retries()) {
            Instant at = oneShot ? clock.instant() : clock.instant().plus(p.options().retryDelay());
            decide(Decision.Type.RETRY_SCHEDULED, p.id(), r.runId, "attempt " + r.attempt + " failed (" + message
                    + "); attempt " + (r.attempt + 1) + " of " + (p.options().retries() + 1) + " at " + at);
            r.attempt++;
            r.status = RunStatus.RETRY_WAIT;
            r.nextAt = at.toEpochMilli();
            r.preloadSince = null;
        } else {
            finish(r, timedOut ? RunStatus.TIMED_OUT : RunStatus.FAILED, message);
        }
        save();
    }

    private void finish(RunRecord r, RunStatus status, String message) {
        r.status = status;
        r.nextAt = null;
        r.finishedAt = clock.millis();
        if (message != null) {
            r.message = message;
        }
        Decision.Type type = switch (status) {
            case SUCCEEDED -> Decision.Type.SUCCEEDED;
            case SKIPPED -> Decision.Type.SKIPPED;
            case TIMED_OUT -> Decision.Type.TIMED_OUT;
            default -> Decision.Type.FAILED;
        };
        decide(type, r.pipeline, r.runId, status == RunStatus.SUCCEEDED ? "after " + r.attempt + " attempt(s)"
                : r.message);
        save();
    }

    /** {@link #call} for a run's step, with the Flink jobs it reports recorded on the run while it is in progress. */
    private Outcome callFor(RunRecord r, Step s, RunContext ctx, Pipeline p) {
        synchronized (saving) {
            inCall = r;
        }
        try {
            return call(s, ctx, p);
        } finally {
            synchronized (saving) {
                inCall = null;
            }
        }
    }

    /**
     * A job call reported a Flink job: recorded on its run and saved now, so that status readers (the status page
     * reads the store) see the job of a RUNNING run. It may come from another thread than the one driving: the
     * driving thread waits inside the call meanwhile, and the lock orders this save with its next ones. A report
     * after the call returned is dropped (the run may have moved on).
     */
    private void flinkJobSubmitted(RunRecord r, String jobId) {
        synchronized (saving) {
            if (inCall != r) {
                return;
            }
            r.addFlinkJob(jobId);
            save();
        }
    }

    private Outcome call(Step s, RunContext ctx, Pipeline p) {
        try {
            Outcome o = switch (s.kind()) {
                case STAGE -> runner.runStage(ctx, s.domain(), s.tables());
                case PRELOAD -> runner.runPreload(ctx, s.domain(), s.tables(), p.options().preloadStrategy());
                case LOAD -> runner.runLoad(ctx, s.domain(), s.tables().get(0));
                case TRANSFORM -> runner.runTransform(ctx, s.task());
            };
            return o != null ? o : Outcome.failed("the job runner returned no outcome");
        } catch (RuntimeException e) {
            return Outcome.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- helpers

    private void prune(Instant now) {
        long oldest = now.minus(DEDUP_RETENTION).toEpochMilli();
        int excess = state.seenEvents.size() - KEPT_EVENT_IDS;
        for (Iterator<Long> it = state.seenEvents.values().iterator(); it.hasNext(); ) {
            long seen = it.next();
            if (excess-- > 0 || seen < oldest) {   // insertion order: the oldest first
                it.remove();
            }
        }
        pruneRuns();
    }

    /** Keeps the newest {@link #KEPT_FINISHED_RUNS} finished runs per pipeline; runs in progress always stay. */
    private void pruneRuns() {
        java.util.Map<String, Integer> finished = new java.util.HashMap<>();
        List<RunRecord> newestFirst = new ArrayList<>(state.runs.values());
        java.util.Collections.reverse(newestFirst); // runs are kept in creation order
        for (RunRecord r : newestFirst) {
            if (!r.status.isFinal() || finished.merge(r.pipeline, 1, Integer::sum) <= KEPT_FINISHED_RUNS) {
                continue;
            }
            state.runs.remove(r.runId);
            if (r.periodTick != null) {
                state.prunedThrough.merge(r.pipeline, r.periodTick, Math::max);
            }
        }
    }

    private void save() {
        synchronized (saving) {
            store.save(state);
        }
    }

    private void decide(Decision.Type type, String pipeline, String runId, String detail) {
        out.add(new Decision(clock.instant(), type, pipeline, runId, detail));
    }

    private List<Decision> drain() {
        List<Decision> d = List.copyOf(out);
        out.clear();
        return d;
    }

    private static int rank(String level) {
        return switch (level) {
            case "ERROR" -> 2;
            case "WARN" -> 1;
            default -> 0;
        };
    }

    private static Instant min(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static String shortHash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
