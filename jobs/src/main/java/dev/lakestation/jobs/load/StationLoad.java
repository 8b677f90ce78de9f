package dev.lakestation.jobs.load;

import dev.lakestation.jobs.audit.AuditLog;
import dev.lakestation.jobs.audit.AuditRow;
import dev.lakestation.jobs.audit.DatasetEvent;
import dev.lakestation.jobs.audit.DatasetEvents;
import dev.lakestation.jobs.audit.DatasetKind;
import dev.lakestation.jobs.audit.RejectedArea;
import dev.lakestation.jobs.runner.FlinkRunner;
import dev.lakestation.jobs.runner.JobFailedException;
import dev.lakestation.jobs.runner.RunningJob;
import dev.lakestation.jobs.table.CommitResult;
import dev.lakestation.jobs.table.MergeSpec;
import dev.lakestation.jobs.table.TableStore;
import dev.lakestation.jobs.table.TableTransaction;
import dev.lakestation.jobs.table.WriteStrategies;
import dev.lakestation.schema.model.Domain;
import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.model.WriteStrategyType;
import dev.lakestation.schema.project.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * One table loaded from its station, driven from the command's side: submits the {@link StationLoadJob}, and
 * commits the files its sinks finished — rows of completed checkpoints only — to the table with APPEND, one
 * {@link TableTransaction} per round: table version, rejected rows published, audit row, dataset event. Bounded:
 * one round when the job has ended. Continuous: a round after every checkpoint interval while the job runs, and a
 * last one when it stops. A round first commits what a killed earlier run left finished, so nothing acked is
 * lost; the protocol is in {@code jobs/docs/station-load.md}.
 */
final class StationLoad {

    private final Project project;
    private final FlinkRunner flink;
    private final Clock clock;
    private final DatasetEvents events;
    private final Domain domain;
    private final Table table;
    private final LoadRequest request;
    private final StationRequest stations;
    private final String station;
    private final String group;
    private final String runId;
    private final Instant start;
    private final TableStore store;
    private final Path streamDir;
    private final RejectedArea rejectedArea;
    private final Path rejectedStaging;
    private final MergeSpec writeSpec;
    private final RetainedCheckpoints checkpoints;

    private RunningJob job;
    private boolean jobEnded;
    private int round;
    private long accepted;
    private long rejected;
    private long version = -1;
    private DatasetEvent lastEvent;

    StationLoad(Project project, FlinkRunner flink, Clock clock, DatasetEvents events, Domain domain, Table table,
            LoadRequest request, String station, String runId, MergeSpec writeSpec) {
        this.project = project;
        this.flink = flink;
        this.clock = clock;
        this.events = events;
        this.domain = domain;
        this.table = table;
        this.request = request;
        this.stations = request.stations();
        this.station = station;
        this.group = StationLoadJob.group(domain.name(), table);
        this.runId = runId;
        this.start = clock.instant();
        this.writeSpec = writeSpec;
        this.store = TableStore.of(Path.of(project.settings().datasets()));
        this.streamDir = store.streamDir(domain.finalName(), table.finalName(), group);
        this.checkpoints = new RetainedCheckpoints(store.checkpointDir(domain.finalName(), table.finalName(), group));
        this.rejectedArea = RejectedArea.of(project.settings());
        this.rejectedStaging = rejectedArea.stagingDir("stream-" + TableStore.folderSafe(domain.finalName() + "."
                + table.finalName() + "." + group));
    }

    String name() {
        return domain.name() + "." + table.name();
    }

    /** Why this table cannot be loaded from a station, or null. */
    static String unsupported(Project project, Domain domain, Table table, MergeSpec spec) {
        if (spec.type() != WriteStrategyType.APPEND) {
            return "table " + domain.name() + "." + table.name() + ": write strategy " + spec.type()
                    + " cannot load from a station (station loads append; use APPEND)";
        }
        if (project.settings().rejectAllOnError()) {
            return "table " + domain.name() + "." + table.name() + ": rejectAllOnError cannot apply to a station "
                    + "load (its messages are acked per checkpoint)";
        }
        return null;
    }

    /**
     * Commits what an earlier run left finished, then submits the job: restored from the earlier run's newest
     * retained checkpoint when there is one (its pending files hold acked messages: the restored committer finishes
     * them), else fresh, after clearing the unfinished files a killed run left (their messages were never acked).
     */
    void start(LoadListener listener) throws Exception {
        commitRound();
        Optional<RetainedCheckpoints.Checkpoint> restore = checkpoints.latest();
        if (restore.isPresent() && restore.get().bounded() != stations.bounded()) {
            throw new IllegalStateException("table " + name() + ": the " + (restore.get().bounded() ? "bounded"
                    : "continuous") + " station load of a killed or failed run left a checkpoint to recover ("
                    + restore.get().path() + "); run a " + (restore.get().bounded()
                    ? "bounded (--bounded)" : "continuous (without --bounded)") + " load of the table once to recover it");
        }
        if (restore.isEmpty()) {
            // in-progress files of a killed run: a fresh job never resumes them (their messages were not acked)
            deleteHidden(streamDir);
            deleteHidden(rejectedStaging);
            checkpoints.deleteAll(); // folders of jobs killed before their first checkpoint completed
        }
        Files.createDirectories(streamDir);
        var env = flink.environment();
        StationLoadJob.build(env, new StationLoadJob.Spec(ProjectRef.of(project, request.options()), domain.name(),
                table.name(), station, group, stations.connection(), stations.bounded(),
                stations.checkpointInterval(), new org.apache.flink.core.fs.Path(streamDir.toUri()),
                new org.apache.flink.core.fs.Path(rejectedStaging.toUri()), runId, start, request.parallelism(),
                project.settings().auditMaxErrorsSet() ? project.settings().auditMaxErrors() : -1,
                new org.apache.flink.core.fs.Path(checkpoints.dir(stations.bounded()).toUri()),
                restore.map(c -> new org.apache.flink.core.fs.Path(c.path().toUri())).orElse(null)));
        listener.startedStation(name(), station, stations.bounded());
        job = flink.submit(env, "lakestation load " + name() + " from station " + station
                + (stations.bounded() ? " (bounded)" : ""));
    }

    /**
     * Waits up to {@code wait} for the job's end, reporting progress.
     *
     * @return true when the job has ended (its last checkpoint's files are finished)
     * @throws JobFailedException when the job failed or was cancelled
     */
    boolean awaitEnd(Duration wait, LoadListener listener) throws JobFailedException, InterruptedException {
        Optional<Map<String, Object>> done = job.await(wait);
        if (done.isPresent()) {
            jobEnded = true;
            return true;
        }
        Map<String, Object> acc = job.accumulators();
        listener.progress(name(), count(acc, LoadRouter.ACCEPTED), count(acc, LoadRouter.REJECTED),
                count(acc, LoadRouter.FILTERED), Duration.between(start, clock.instant()).toMillis());
        return false;
    }

    void cancel() {
        if (job != null) {
            job.cancel();
        }
    }

    /**
     * Commits the finished files: the accepted ones as a new table version (APPEND), the rejected ones published,
     * then the audit row and the dataset event. Nothing finished = nothing done.
     */
    void commitRound() throws Exception {
        commitFinished();
        retire();
    }

    private void commitFinished() throws Exception {
        String roundId = TableStore.folderSafe(runId) + "-c" + (++round);
        try (TableTransaction tx = store.begin(domain.finalName(), table.finalName(), roundId, request.lockWait())) {
            List<Path> staged = tx.stageFinished(streamDir);
            if (staged.isEmpty() && !hasFinished(rejectedStaging)) {
                return;
            }
            Instant roundStart = clock.instant();
            long acceptedRows = 0;
            for (Path p : staged) {
                acceptedRows += rows(p);
            }
            CommitResult commit = null;
            if (!staged.isEmpty()) {
                commit = WriteStrategies.commit(flink, tx, writeSpec).commit();
                for (Path p : staged) {
                    Files.deleteIfExists(p); // committed: the version holds its own link
                }
            }
            long rejectedRows = 0;
            for (Path p : rejectedArea.publishFinished(rejectedStaging, roundId)) {
                rejectedRows += rows(p);
            }
            AuditLog.of(project.settings()).append(new AuditRow(roundId, "station:" + station, domain.finalName(),
                    table.finalName(), true, acceptedRows + rejectedRows, acceptedRows, rejectedRows, roundStart,
                    Duration.between(roundStart, clock.instant()).toMillis(),
                    AuditRow.loadMessage(true, rejectedRows), AuditRow.LOAD, domain.database(), null, false, null));
            lastEvent = DatasetEvent.of(domain.finalName() + "." + table.finalName(), DatasetKind.LOAD, roundId,
                    request.slSchedule(), acceptedRows, acceptedRows, rejectedRows, clock.instant());
            events.publish(lastEvent);
            accepted += acceptedRows;
            rejected += rejectedRows;
            if (commit != null) {
                version = commit.version();
            }
        }
    }

    /**
     * Deletes the retained checkpoints nothing needs any more, after a round. A job that ended by itself (bounded:
     * its final checkpoint finished every file, and this round committed them) needs none: all of them go, with the
     * unfinished files earlier killed runs left. A running or cancelled job keeps its own newest one (a cancel may
     * come inside a checkpoint's window); those of earlier runs go once it completed a checkpoint of its own.
     */
    private void retire() throws IOException {
        if (job == null) {
            return;
        }
        if (jobEnded) {
            checkpoints.deleteAll();
            deleteHidden(streamDir);
            deleteHidden(rejectedStaging);
        } else {
            checkpoints.deleteSupersededBy(job.id().toString());
        }
    }

    TableLoadReport report(TableLoadReport.Status status, String message) {
        String m = message != null ? message
                : accepted + rejected == 0 ? "no new messages"
                : rejected == 0 ? "success" : rejected + " invalid records";
        TableLoadReport.Status s = status == TableLoadReport.Status.LOADED && accepted + rejected == 0
                ? TableLoadReport.Status.NO_FILES : status;
        return new TableLoadReport(domain.name(), table.name(), s, List.of("station:" + station), 0,
                accepted + rejected, accepted, rejected, 0, version, Duration.between(start, clock.instant()), m,
                s == TableLoadReport.Status.LOADED ? lastEvent : null);
    }

    /** Rows of a Parquet file, from its footer. */
    private static long rows(Path parquet) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(parquet))) {
            return r.getRecordCount();
        }
    }

    private static boolean hasFinished(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !hidden(dir.relativize(p)));
        }
    }

    private static void deleteHidden(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> hiddenFiles = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && hidden(dir.relativize(p)))
                    .forEach(hiddenFiles::add);
        }
        for (Path p : hiddenFiles) {
            Files.deleteIfExists(p);
        }
    }

    private static boolean hidden(Path rel) {
        for (Path part : rel) {
            String n = part.toString();
            if (n.startsWith(".") || n.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    private static long count(Map<String, Object> acc, String name) {
        Object v = acc.get(name);
        return v instanceof Number n ? n.longValue() : 0;
    }

}
