package dev.lakestation.jobs.runner;

import dev.lakestation.jobs.area.Preload;
import dev.lakestation.jobs.area.PreloadResult;
import dev.lakestation.jobs.area.StageResult;
import dev.lakestation.jobs.area.Stager;
import dev.lakestation.jobs.coordinator.JobRunner;
import dev.lakestation.jobs.coordinator.Outcome;
import dev.lakestation.jobs.area.PreloadStrategy;
import dev.lakestation.jobs.coordinator.RunContext;
import dev.lakestation.jobs.load.LoadListener;
import dev.lakestation.jobs.load.LoadRequest;
import dev.lakestation.jobs.load.LoadService;
import dev.lakestation.jobs.load.TableLoadReport;
import dev.lakestation.jobs.transform.TransformReport;
import dev.lakestation.jobs.transform.TransformService;
import dev.lakestation.schema.project.Project;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The coordinator's {@link JobRunner} on the real jobs: {@link Stager}, {@link Preload}, {@link LoadService} and
 * {@link TransformService}, with the coordinator's run id and period stamped on every audit row and dataset event.
 */
public final class ProjectJobRunner implements JobRunner {

    private final Project project;
    private final LoadService loads;
    private final TransformService transforms;
    private final int parallelism;
    private final Map<String, String> options;
    private final LoadListener listener;
    private final Clock clock;
    private final java.util.function.Consumer<String> log;
    /** How tables with a station are read (bounded, in a run), or null: no broker given. */
    private final dev.lakestation.jobs.load.StationRequest stations;
    /** the runner the load and transform services submit to, when their jobs are reported to the run; or null */
    private final ReportingFlinkRunner jobs;

    /** @param log one line per finished transform, for people */
    public ProjectJobRunner(Project project, LoadService loads, TransformService transforms, int parallelism,
            Map<String, String> options, LoadListener listener, Clock clock, java.util.function.Consumer<String> log) {
        this(project, loads, transforms, parallelism, options, listener, clock, log, null, null);
    }

    private ProjectJobRunner(Project project, LoadService loads, TransformService transforms, int parallelism,
            Map<String, String> options, LoadListener listener, Clock clock, java.util.function.Consumer<String> log,
            ReportingFlinkRunner jobs, dev.lakestation.jobs.load.StationRequest stations) {
        this.log = log;
        this.project = project;
        this.loads = loads;
        this.transforms = transforms;
        this.parallelism = parallelism;
        this.options = Map.copyOf(options);
        this.listener = listener;
        this.clock = clock;
        this.jobs = jobs;
        this.stations = stations;
    }

    /**
     * This runner, reporting to {@link RunContext#flinkJobSubmitted} every job that a load or transform submits to
     * {@code flink} — the runner its load and transform services were built on.
     *
     * <pre>{@code
     * ReportingFlinkRunner flink = new ReportingFlinkRunner(LocalFlinkRunner.start(2));
     * JobRunner runner = new ProjectJobRunner(project, new LoadService(project, flink, clock, events),
     *         new TransformService(project, flink, clock), 2, Map.of(), listener, clock, log).reportingJobsOf(flink);
     * }</pre>
     */
    public ProjectJobRunner reportingJobsOf(ReportingFlinkRunner flink) {
        return new ProjectJobRunner(project, loads, transforms, parallelism, options, listener, clock, log, flink,
                stations);
    }

    private ReportingFlinkRunner.Scope reporting(RunContext ctx) {
        return jobs == null ? () -> { } : jobs.reportTo(id -> ctx.flinkJobSubmitted(id.toHexString()));
    }

    /**
     * Station tables ({@code metadata.options.memphis.station}) are loaded from this broker, bounded: what each
     * station holds when the step starts is loaded, committed, and the step ends. Without it such a table's load
     * is {@link Outcome.Skipped} ("no broker"), and a run does not run what reads it. Returns a copy, as {@link #reportingJobsOf} does.
     */
    public ProjectJobRunner withStations(dev.lakestation.jobs.load.StationRequest stations) {
        if (stations != null && !stations.bounded()) {
            throw new IllegalArgumentException("a run's station loads are bounded");
        }
        return new ProjectJobRunner(project, loads, transforms, parallelism, options, listener, clock, log, jobs,
                stations);
    }

    @Override
    public Outcome runStage(RunContext ctx, String domain, List<String> tables) {
        StageResult r = Stager.of(project).stage(List.of(domain), tables);
        if (!r.ok()) {
            return Outcome.failed(r.failures().get(0).message()
                    + (r.failures().size() > 1 ? " (and " + (r.failures().size() - 1) + " more)" : ""));
        }
        return Outcome.succeeded(List.of());
    }

    @Override
    public Outcome runPreload(RunContext ctx, String domain, List<String> tables, PreloadStrategy strategy) {
        PreloadResult r = Preload.of(project, clock).check(domain, tables,
                strategy, null);
        return r.ready() ? Outcome.succeeded(List.of()) : Outcome.notReady("nothing to load for " + domain + " "
                + r.counts());
    }

    @Override
    public Outcome runLoad(RunContext ctx, String domain, String table) {
        if (stations == null) {
            String station = stationOf(project, domain, table);
            if (station != null) {
                return Outcome.skipped("no broker: loads from station '" + station + "' (give --memphis "
                        + "host:port or LAKESTATION_MEMPHIS)");
            }
        }
        LoadRequest request = LoadRequest.of(List.of(domain), List.of(table), parallelism).withOptions(options)
                .forRun(ctx.runId(), ctx.slSchedule());
        if (stations != null) {
            request = request.withStations(stations);
        }
        List<TableLoadReport> reports;
        try (ReportingFlinkRunner.Scope s = reporting(ctx)) {
            reports = loads.load(request, listener);
        }
        TableLoadReport r = reports.get(0);
        return switch (r.status()) {
            case LOADED -> Outcome.succeeded(List.of(r.event()));
            case NO_FILES -> Outcome.succeeded(List.of());
            case FAILED -> Outcome.failed(r.message());
        };
    }

    /** The station {@code domain.table} loads from ({@code metadata.options.memphis.station}), or null: files. */
    static String stationOf(Project project, String domain, String table) {
        return project.table(domain, table).map(dev.lakestation.jobs.load.StationLoadJob::station).orElse(null);
    }

    @Override
    public Outcome runTransform(RunContext ctx, String task) {
        TransformReport r;
        try (ReportingFlinkRunner.Scope s = reporting(ctx)) {
            r = transforms.run(task, options, ctx.runId(), ctx.slSchedule());
        }
        log.accept(task + ": " + (r.success() ? String.format(java.util.Locale.ROOT, "%,d rows in %.1f s (version %d)",
                r.rows(), r.duration().toMillis() / 1000.0, r.version()) : "FAILED — " + r.message()));
        if (!r.success()) {
            return Outcome.failed(r.message());
        }
        return Outcome.succeeded(List.of(r.event()));
    }
}
