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
        for (Domain domain : domains(request)) {
            List<Table> tables = tables(domain, request);
            files.moveUnresolved(domain);
            for (Table table : tables) {
                TableLoadReport report = loadTable(domain, table, request, listener);
                listener.finished(report);
                reports.add(report);
            }
        }
        return reports;
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
            var env = flink.environment();
            TableLoadJob.build(env, new TableLoadJob.Spec(ProjectRef.of(project, request.options()), domain.name(),
                    table.name(), ingesting.stream().map(p -> new org.apache.flink.core.fs.Path(p.toUri())).toList(),
                    new org.apache.flink.core.fs.Path(tx.stagingDir().toUri()),
                    new org.apache.flink.core.fs.Path(rejectedStaging.toUri()), runId, start,
                    request.parallelism(), request.splitSize(),
                    project.settings().auditMaxErrorsSet() ? project.settings().auditMaxErrors() : -1));
            listener.started(name, ingesting.size(), bytes);
            Map<String, Object> acc = run(env, "lakestation load " + name, name, listener, start);
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
                audit(runId, ingesting, domain, table, false, total, 0, rejected, start,
                        AuditRow.loadMessage(false, rejected));
                return new TableLoadReport(domain.name(), table.name(), TableLoadReport.Status.FAILED,
                        names(ingesting), bytes, total, 0, rejected, filtered, -1, elapsed(start), why, null);
            }
            CommitResult commit = WriteStrategies.commit(flink, tx, writeSpec).commit();
            // Starlake's audit says "success" even with rejected rows; the report says how many.
            String message = rejected == 0 ? "success" : rejected + " invalid records";
            audit(runId, ingesting, domain, table, true, total, accepted, rejected, start,
                    AuditRow.loadMessage(true, rejected));
            DatasetEvent event = DatasetEvent.of(domain.finalName() + "." + table.finalName(), DatasetKind.LOAD, runId,
                    request.slSchedule(), accepted, accepted, rejected, clock.instant());
            events.publish(event);
            List<Path> archived = files.archive(domain, ingesting);
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

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
