package dev.lakestation.jobs.transform;

import dev.lakestation.jobs.audit.AuditLog;
import dev.lakestation.jobs.audit.AuditRow;
import dev.lakestation.jobs.audit.DatasetEvent;
import dev.lakestation.jobs.audit.DatasetEvents;
import dev.lakestation.jobs.audit.DatasetKind;
import dev.lakestation.jobs.audit.FileDatasetEvents;
import dev.lakestation.jobs.runner.JobFailedException;
import dev.lakestation.jobs.table.CommitResult;
import dev.lakestation.jobs.table.TableStore;
import dev.lakestation.jobs.table.TableTransaction;
import dev.lakestation.jobs.table.MergeSpec;
import dev.lakestation.jobs.table.WriteStrategies;
import dev.lakestation.jobs.runner.FlinkRunner;
import dev.lakestation.schema.model.Task;
import dev.lakestation.schema.project.Project;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import dev.lakestation.jobs.transform.lineage.ProjectDag;

/**
 * Starlake's {@code transform --name <domain>.<task>} on Flink SQL: the task's SELECT ({@link TransformJob}) into
 * the output table's staging folder, the atomic table commit, an audit row (step {@code TRANSFORM}) and a dataset
 * event. A failed task leaves the previous table version intact.
 *
 * <pre>{@code
 * try (FlinkRunner flink = LocalFlinkRunner.start(2)) {      // the loads' cluster: one for the whole command
 *     TransformReport r = new TransformService(project, flink, Clock.systemUTC())
 *             .run("kpi.revenue_summary", Map.of(), null, null);
 * }
 * }</pre>
 */
public final class TransformService {

    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);

    private final Project project;
    private final Supplier<TransformSession> flink;
    private final Supplier<FlinkRunner> merges;
    private final Clock clock;
    private final DatasetEvents events;
    private final Duration lockWait;
    /** One session for every task of this service: planning warms up once per run, not once per task. */
    private TransformSession session;

    /** Tasks planned in one session bound to {@code flink}, their jobs and merges run on it. */
    public TransformService(Project project, FlinkRunner flink, Clock clock) {
        this(project, () -> TransformSession.on(flink), () -> flink, clock);
    }

    /**
     * @param flink  the SQL session the tasks run in (created on first use, then shared by every task)
     * @param merges where a key-based write strategy runs its merge job (the load's runner; asked for only then)
     */
    public TransformService(Project project, Supplier<TransformSession> flink, Supplier<FlinkRunner> merges,
            Clock clock) {
        this(project, flink, merges, clock, new FileDatasetEvents(Path.of(project.settings().datasets())),
                Duration.ofMinutes(10));
    }

    public TransformService(Project project, Supplier<TransformSession> flink, Supplier<FlinkRunner> merges,
            Clock clock, DatasetEvents events, Duration lockWait) {
        dev.lakestation.jobs.area.Areas.of(project); // refuses a datasets folder outside the root, as the load does
        this.project = project;
        this.flink = flink;
        this.merges = merges;
        this.clock = clock;
        this.events = events;
        this.lockWait = lockWait;
    }

    /**
     * Runs one task.
     *
     * @param runId      an orchestrator's run id, or null for a fresh one
     * @param slSchedule the cron period of the run, or null
     * @throws IllegalArgumentException for an unknown task (the message lists the known ones)
     */
    public TransformReport run(String taskName, Map<String, String> options, String runId, String slSchedule) {
        Task task = project.task(taskName).orElseThrow(() -> new IllegalArgumentException("unknown task '" + taskName
                + "' (tasks: " + String.join(", ", project.tasks().stream().map(Task::fullName).toList()) + ")"));
        Instant start = clock.instant();
        String run = runId != null ? runId : RUN_TIME.format(start) + "-" + UUID.randomUUID().toString().substring(0, 8);
        String domain = task.domain();
        String table = task.table();
        try (TableTransaction tx = TableStore.of(Path.of(project.settings().datasets()))
                .begin(domain, table, TableStore.folderSafe(run), lockWait)) {
            Duration sessionStart = Duration.ZERO;
            if (session == null) {
                session = flink.get();
                sessionStart = session.created();
            }
            TransformJob.Result result = new TransformJob(session).run(project, taskName, options, tx.stagingDir());
            long committing = System.nanoTime();
            // the same write strategies as the load: APPEND/OVERWRITE/OVERWRITE_BY_PARTITION commit the staged
            // files directly, key-based strategies merge them with the current version first
            org.apache.avro.Schema incoming = org.apache.flink.formats.avro.typeutils.AvroSchemaConverter
                    .convertToSchema(result.schema().toPhysicalRowDataType().getLogicalType(), "record");
            MergeSpec spec = MergeSpec.of(domain + "." + table, task.resolveWriteStrategy(), incoming,
                    task.sink() == null || task.sink().partition() == null ? List.of() : task.sink().partition(),
                    project.settings(), task.source() == null ? null : task.source().toString().replace('\\', '/'));
            CommitResult commit = WriteStrategies.commit(spec.mergesByKey() ? merges.get() : null, tx, spec).commit();
            audit(run, task, true, result.rows(), start, "success");
            DatasetEvent event = DatasetEvent.of(domain + "." + table, DatasetKind.TRANSFORM, run, slSchedule,
                    result.rows(), result.rows(), 0, clock.instant());
            events.publish(event);
            TransformTimings timings = result.timings().withSession(sessionStart)
                    .withCommit(Duration.ofNanos(System.nanoTime() - committing));
            return new TransformReport(taskName, true, result.rows(), commit.version(), elapsed(start), "success",
                    event, timings);
        } catch (Exception e) {
            String why = JobFailedException.rootMessage(e);
            try {
                audit(run, task, false, 0, start, why);
            } catch (RuntimeException auditFailure) {
                why = why + " (and the audit row could not be written: " + auditFailure.getMessage() + ")";
            }
            return new TransformReport(taskName, false, 0, -1, elapsed(start), why, null, TransformTimings.NONE);
        }
    }

    private void audit(String runId, Task task, boolean success, long rows, Instant start, String message) {
        AuditLog.of(project.settings()).append(new AuditRow(runId, task.sqlFile() == null ? null
                : task.sqlFile().toString(), task.domain(), task.table(), success, rows, rows, 0, start,
                elapsed(start).toMillis(), message, AuditRow.TRANSFORM, task.database(), null, false, null));
    }

    private Duration elapsed(Instant start) {
        return Duration.between(start, clock.instant());
    }

    /** Tasks of the project in dependency order (inputs first). */
    public List<String> order() {
        return ProjectDag.of(project).order();
    }
}
