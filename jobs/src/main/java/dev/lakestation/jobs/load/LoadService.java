package dev.lakestation.jobs.load;

import dev.lakestation.jobs.area.LoadFiles;
import dev.lakestation.jobs.audit.AuditLog;
import dev.lakestation.jobs.audit.DatasetEvent;
import dev.lakestation.jobs.audit.DatasetEvents;
import dev.lakestation.jobs.audit.DatasetKind;
import dev.lakestation.jobs.audit.FileDatasetEvents;
import dev.lakestation.jobs.audit.AuditRow;
import dev.lakestation.jobs.audit.RejectedArea;
import dev.lakestation.jobs.runner.FlinkRunner;
import dev.lakestation.jobs.runner.JobFailedException;
import dev.lakestation.jobs.runner.RunningJob;
import dev.lakestation.jobs.table.CommitResult;
import dev.lakestation.jobs.table.TableStore;
import dev.lakestation.jobs.table.TableTransaction;
import dev.lakestation.jobs.table.MergeSpec;
import dev.lakestation.jobs.table.WriteStrategies;
import dev.lakestation.schema.model.Domain;
import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.project.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Starlake's {@code load} on Flink, table by table: staged files → ingesting → the table's Flink job
 * ({@link TableLoadJob}) → atomic table commit → rejected rows published → audit row → dataset event → files
 * archived. A failed table leaves the previous table version intact, its files in the ingesting area (picked up
 * again by the next load) and an audit row that says why; the other tables go on.
 *
 * <pre>{@code
 * try (FlinkRunner flink = LocalFlinkRunner.start(2)) {
 *     List<TableLoadReport> reports = new LoadService(project, flink, Clock.systemUTC())
 *             .load(LoadRequest.of(List.of("sales"), List.of(), 2), LoadListener.NONE);
 * }
 * }</pre>
 */
public final class LoadService {

    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);

    private final Project project;
    private final FlinkRunner flink;
    private final Clock clock;
    private final Path datasets;
    private final LoadFiles files;
    private final DatasetEvents events;

    /** A service publishing dataset events to the project's event file ({@code <datasets>/events/}). */
    public LoadService(Project project, FlinkRunner flink, Clock clock) {
        this(project, flink, clock, new FileDatasetEvents(Path.of(project.settings().datasets())));
    }

    public LoadService(Project project, FlinkRunner flink, Clock clock, DatasetEvents events) {
        this.project = project;
        this.events = events;
        this.flink = flink;
        this.clock = clock;
        this.datasets = Path.of(project.settings().datasets());
        this.files = LoadFiles.of(project);
    }

    /**
     * Loads every selected table that has staged files.
     *
     * @throws IllegalArgumentException for an unknown domain or table (the message lists the known ones)
     */
    public List<TableLoadReport> load(LoadRequest request, LoadListener listener) {
        List<TableLoadReport> reports = new ArrayList<>();
        List<StationLoad> continuous = new ArrayList<>();
        if (request.stations() != null && request.stations().fromStation() != null) {
            long selected = domains(request).stream().mapToLong(d -> tables(d, request).size()).sum();
            if (selected != 1) {
                throw new IllegalArgumentException("--from-station loads one table; select it with --domains D "
                        + "--tables T (" + selected + " tables selected)");
            }
        }
        for (Domain domain : domains(request)) {
            List<Table> tables = tables(domain, request);
            files.moveUnresolved(domain);
            for (Table table : tables) {
                String station = station(table, request);
                TableLoadReport report = station == null ? loadTable(domain, table, request, listener)
                        : loadStation(domain, table, request, listener, station, continuous);
                if (report != null) {
                    listener.finished(report);
                    reports.add(report);
                }
            }
        }
        for (TableLoadReport report : runContinuous(continuous, request, listener)) {
            listener.finished(report);
            reports.add(report);
        }
        return reports;
    }

    /**
     * Ends a continuous station load (the jobs are cancelled, what their last completed checkpoints finished is
     * committed, {@link #load} returns). Safe from any thread, e.g. a shutdown hook; also before the jobs started.
     */
    public void stop() {
        stopRequested = true;
    }

    private volatile boolean stopRequested;

    /** The station a table loads from: {@code --from-station} (one selected table), else its {@code memphis.station}, else null. */
    private static String station(Table table, LoadRequest request) {
        if (request.stations() != null && request.stations().fromStation() != null) {
            return request.stations().fromStation();
        }
        return StationLoadJob.station(table);
    }

    /**
     * A table loaded from its station. Bounded: run, commit, report. Continuous: started and added to
     * {@code continuous} (reported when stopped); null is returned.
     */
    private TableLoadReport loadStation(Domain domain, Table table, LoadRequest request, LoadListener listener,
            String station, List<StationLoad> continuous) {
        Instant start = clock.instant();
        if (request.stations() == null) {
            return failed(domain, table, List.of(), 0, start, "table " + domain.name() + "." + table.name()
                    + " loads from station '" + station + "': give the broker with --memphis host:port (or "
                    + "LAKESTATION_MEMPHIS)", null);
        }
        String runId = request.runId() != null ? request.runId()
                : RUN_TIME.format(start) + "-" + UUID.randomUUID().toString().substring(0, 8);
        StationLoad load;
        try {
            MergeSpec writeSpec = writeSpec(domain, table, request);
            String why = StationLoad.unsupported(project, domain, table, writeSpec);
            if (why != null) {
                return failed(domain, table, List.of(), 0, start, why, null);
            }
            load = new StationLoad(project, flink, clock, events, domain, table, request, station, runId, writeSpec);
            load.start(listener);
        } catch (Exception e) {
            return failed(domain, table, List.of(), 0, start, JobFailedException.rootMessage(e),
                    runId);
        }
        if (!request.stations().bounded()) {
            continuous.add(load);
            return null;
        }
        try {
            while (!load.awaitEnd(Duration.ofSeconds(1), listener)) {
                if (stopRequested) {
                    load.cancel();
                }
            }
            load.commitRound();
            return load.report(TableLoadReport.Status.LOADED, null);
        } catch (Exception e) {
            return failedStation(load, e);
        }
    }

    /** Commits every continuous load after each checkpoint interval until {@link #stop()} or their jobs end. */
    private List<TableLoadReport> runContinuous(List<StationLoad> loads, LoadRequest request,
            LoadListener listener) {
        List<TableLoadReport> reports = new ArrayList<>();
        List<StationLoad> running = new ArrayList<>(loads);
        Duration interval = request.stations() == null ? Duration.ofSeconds(1) : request.stations().checkpointInterval();
        Duration wait = Duration.ofMillis(Math.max(100, interval.toMillis() / Math.max(1, running.size())));
        boolean cancelled = false;
        while (!running.isEmpty()) {
            if (stopRequested && !cancelled) {
                running.forEach(StationLoad::cancel);
                cancelled = true;
            }
            for (var it = running.iterator(); it.hasNext(); ) {
                StationLoad load = it.next();
                try {
                    boolean ended = load.awaitEnd(wait, listener);
                    load.commitRound();
                    if (ended) {
                        it.remove();
                        reports.add(load.report(TableLoadReport.Status.LOADED, null));
                    }
                } catch (JobFailedException e) {
                    it.remove();
                    reports.add(cancelled ? stopped(load) : failedStation(load, e));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopRequested = true;
                } catch (Exception e) {
                    it.remove();
                    load.cancel();
                    reports.add(failedStation(load, e));
                }
            }
        }
        return reports;
    }

    /** A stopped continuous load: the last completed checkpoints' files are committed. */
    private static TableLoadReport stopped(StationLoad load) {
        try {
            load.commitRound();
            return load.report(TableLoadReport.Status.LOADED, null);
        } catch (Exception e) {
            return failedStation(load, e);
        }
    }

    /** A failed station job: what its completed checkpoints finished was acked, so it is committed anyway. */
    private static TableLoadReport failedStation(StationLoad load, Exception e) {
        String why = e instanceof JobFailedException ? e.getMessage() : JobFailedException.rootMessage(e);
        try {
            load.commitRound();
        } catch (Exception again) {
            why = why + " (and committing the finished files failed: " + JobFailedException.rootMessage(again)
                    + "; the next load of the table commits them)";
        }
        return load.report(TableLoadReport.Status.FAILED, why);
    }

    private List<Domain> domains(LoadRequest request) {
        if (request.domains().isEmpty()) {
            return project.domains();
        }
        List<Domain> out = new ArrayList<>();
        for (String name : request.domains()) {
            out.add(project.domain(name).orElseThrow(() -> new IllegalArgumentException("unknown domain '" + name
                    + "' (domains: " + String.join(", ", project.domains().stream().map(Domain::name).toList()) + ")")));
        }
        return out;
    }

    private static List<Table> tables(Domain domain, LoadRequest request) {
        if (request.tables().isEmpty()) {
            return domain.tables();
        }
        List<Table> out = new ArrayList<>();
        for (String name : request.tables()) {
            domain.table(name).ifPresentOrElse(out::add, () -> {
                throw new IllegalArgumentException("unknown table '" + name + "' in domain " + domain.name()
                        + " (tables: " + String.join(", ", domain.tables().stream().map(Table::name).toList()) + ")");
            });
        }
        return out;
    }

    private TableLoadReport loadTable(Domain domain, Table table, LoadRequest request, LoadListener listener) {
        Instant start = clock.instant();
        String name = domain.name() + "." + table.name();
        if (files.staged(domain, table).isEmpty() && files.leftInIngesting(domain, table).isEmpty()) {
            return new TableLoadReport(domain.name(), table.name(), TableLoadReport.Status.NO_FILES, List.of(), 0, 0,
                    0, 0, 0, -1, Duration.ZERO, "no files", null);
        }
        MergeSpec writeSpec;
        try {
            // checked before any file moves: a strategy without its key or a missing column fails here
            writeSpec = writeSpec(domain, table, request);
        } catch (RuntimeException e) {
            return failed(domain, table, List.of(), 0, start, JobFailedException.rootMessage(e)
                    + "; its files stay in the stage area", null);
        }
        String runId = request.runId() != null ? request.runId()
                : RUN_TIME.format(start) + "-" + UUID.randomUUID().toString().substring(0, 8);
        RejectedArea rejectedArea = RejectedArea.of(project.settings());
        Path rejectedStaging = rejectedArea.stagingDir(TableStore.folderSafe(runId));
        boolean published = false;
        List<Path> ingesting = List.of();
        long bytes = 0;
        try (TableTransaction tx = TableStore.of(datasets).begin(domain.finalName(), table.finalName(),
                TableStore.folderSafe(runId), request.lockWait())) {
            // Under the table's lock: files a failed load left in ingesting come first, then the staged ones.
            ingesting = files.claim(domain, table).files();
            bytes = ingesting.stream().mapToLong(LoadService::size).sum();
            listener.started(name, ingesting.size(), bytes);
            // Starlake runs one job per file: a malformed JSON/XML document fails its own file only. Here one
            // job reads all files, so the failing file is set aside and the job re-run on the others.
            List<Path> toRead = new ArrayList<>(ingesting);
            List<String> fileFailures = new ArrayList<>();
            Map<String, Object> acc;
            while (true) {
                var env = flink.environment();
                TableLoadJob.build(env, new TableLoadJob.Spec(ProjectRef.of(project, request.options()),
                        domain.name(), table.name(),
                        toRead.stream().map(p -> new org.apache.flink.core.fs.Path(p.toUri())).toList(),
                        new org.apache.flink.core.fs.Path(tx.stagingDir().toUri()),
                        new org.apache.flink.core.fs.Path(rejectedStaging.toUri()), runId, start,
                        request.parallelism(), request.splitSize(),
                        project.settings().auditMaxErrorsSet() ? project.settings().auditMaxErrors() : -1));
                try {
                    acc = run(env, "lakestation load " + name, name, listener, start);
                    break;
                } catch (JobFailedException e) {
                    Optional<Path> bad = MalformedFiles.find(e, toRead);
                    if (bad.isEmpty()) {
                        throw e;
                    }
                    toRead.remove(bad.get());
                    fileFailures.add(e.getMessage());
                    audit(runId, List.of(bad.get()), domain, table, false, 0, 0, 0, start, e.getMessage());
                    if (toRead.isEmpty()) {
                        return failedFiles(domain, table, ingesting, bytes, start, fileFailures, null, 0, 0, 0, -1);
                    }
                    emptyFolder(tx.stagingDir());
                    emptyFolder(rejectedStaging);
                }
            }
            long accepted = count(acc, LoadRouter.ACCEPTED);
            long rejected = count(acc, LoadRouter.REJECTED);
            long filtered = count(acc, LoadRouter.FILTERED);
            long total = accepted + rejected + filtered;
            if (Files.exists(rejectedStaging)) {
                rejectedArea.publish(rejectedStaging, TableStore.folderSafe(runId));
            }
            published = true;
            if (rejected > 0 && project.settings().rejectAllOnError()) {
                String why = rejected + " invalid records and rejectAllOnError is set: nothing written";
                audit(runId, toRead, domain, table, false, total, 0, rejected, start,
                        AuditRow.loadMessage(false, rejected));
                return new TableLoadReport(domain.name(), table.name(), TableLoadReport.Status.FAILED,
                        names(ingesting), bytes, total, 0, rejected, filtered, -1, elapsed(start), why, null);
            }
            CommitResult commit = WriteStrategies.commit(flink, tx, writeSpec).commit();
            // Starlake's audit says "success" even with rejected rows; the report says how many.
            String message = rejected == 0 ? "success" : rejected + " invalid records";
            audit(runId, toRead, domain, table, true, total, accepted, rejected, start,
                    AuditRow.loadMessage(true, rejected));
            DatasetEvent event = DatasetEvent.of(domain.finalName() + "." + table.finalName(), DatasetKind.LOAD, runId,
                    request.slSchedule(), accepted, accepted, rejected, clock.instant());
            events.publish(event);
            List<Path> archived = files.archive(domain, toRead);
            if (!fileFailures.isEmpty()) {
                return failedFiles(domain, table, ingesting, bytes, start, fileFailures, event, total, accepted,
                        rejected, commit.version());
            }
            return new TableLoadReport(domain.name(), table.name(), TableLoadReport.Status.LOADED, names(archived),
                    bytes, total, accepted, rejected, filtered, commit.version(), elapsed(start), message, event);
        } catch (JobFailedException e) {
            return failed(domain, table, ingesting, bytes, start, e.getMessage(), runId);
        } catch (Exception e) {
            return failed(domain, table, ingesting, bytes, start, JobFailedException.rootMessage(e), runId);
        } finally {
            if (!published && Files.exists(rejectedStaging)) {
                rejectedArea.discard(rejectedStaging);
            }
        }
    }

    /** Runs the job, reporting progress about once a second. */
    private Map<String, Object> run(org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env,
            String jobName, String table, LoadListener listener, Instant start) throws Exception {
        RunningJob job = flink.submit(env, jobName);
        while (true) {
            Optional<Map<String, Object>> done = job.await(Duration.ofSeconds(1));
            if (done.isPresent()) {
                return done.get();
            }
            Map<String, Object> acc = job.accumulators();
            listener.progress(table, count(acc, LoadRouter.ACCEPTED), count(acc, LoadRouter.REJECTED),
                    count(acc, LoadRouter.FILTERED), Duration.between(start, clock.instant()).toMillis());
        }
    }

    /**
     * Some files were malformed: they stay in the ingesting area, each with its own failed audit row; the others
     * were committed when {@code version >= 0}. The table counts as failed (exit code 1), like Starlake's failed
     * file job, but the event of what was committed is kept.
     */
    private TableLoadReport failedFiles(Domain domain, Table table, List<Path> files, long bytes, Instant start,
            List<String> failures, DatasetEvent event, long count, long accepted, long rejected, long version) {
        String why = String.join("; ", failures)
                + (version >= 0 ? "; the other files were loaded (version " + version + ")" : "")
                + "; the failed file" + (failures.size() > 1 ? "s stay" : " stays") + " in the ingesting area";
        return new TableLoadReport(domain.name(), table.name(), TableLoadReport.Status.FAILED, names(files), bytes,
                count, accepted, rejected, 0, version, elapsed(start), why, event);
    }

    private TableLoadReport failed(Domain domain, Table table, List<Path> files, long bytes, Instant start, String why,
            String runId) {
        if (runId != null) {
            try {
                audit(runId, files, domain, table, false, 0, 0, 0, start, why);
            } catch (IOException e) {
                why = why + " (and the audit row could not be written: " + e.getMessage() + ")";
            }
        }
        return new TableLoadReport(domain.name(), table.name(), TableLoadReport.Status.FAILED, names(files), bytes, 0,
                0, 0, 0, -1, elapsed(start), why, null);
    }

    private void audit(String runId, List<Path> files, Domain domain, Table table, boolean success, long count,
            long accepted, long rejected, Instant start, String message) throws IOException {
        AuditLog.of(project.settings()).append(new AuditRow(runId, String.join(",", names(files)), domain.finalName(),
                table.finalName(), success, count, accepted, rejected, start, elapsed(start).toMillis(), message,
                AuditRow.LOAD, domain.database(), null, false, null));
    }

    /** The table's write strategy, validated against the schema of its accepted rows. */
    private MergeSpec writeSpec(Domain domain, Table table, LoadRequest request) {
        var tv = ProjectRef.of(project, request.options()).validator(domain.name(), table.name());
        return MergeSpec.of(domain.finalName() + "." + table.finalName(), table.metadata().resolveWriteStrategy(),
                tv.schema(), TableLoadJob.partitionColumns(table, tv.schema()), project.settings(),
                table.source() == null ? null : table.source().toString().replace('\\', '/'));
    }

    // ------------------------------------------------------------------ small helpers

    private static long count(Map<String, Object> acc, String name) {
        Object v = acc.get(name);
        return v instanceof Number n ? n.longValue() : 0;
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(Path::toString).toList();
    }

    private Duration elapsed(Instant start) {
        return Duration.between(start, clock.instant());
    }

    /** Removes what a failed job left in a staging folder, keeping the folder. */
    private static void emptyFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
