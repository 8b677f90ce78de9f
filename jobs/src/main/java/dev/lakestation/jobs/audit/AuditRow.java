package dev.lakestation.jobs.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * One row of Starlake's audit table ({@code audit.audit}): one per table load or transform (one per input file
 * with {@code audit.detailedLoadAudit}). Avro schema: {@code audit-row.avsc} next to this class.
 *
 * <pre>{@code
 * AuditRow row = AuditRow.load(jobId, files, "sales", "orders", true, 100, 98, 2, start, Duration.ofMillis(1234));
 * new AuditLog(Path.of(settings.auditPath())).append(row);
 * }</pre>
 *
 * @param jobid         run id
 * @param paths         input files, comma-joined (null for a transform)
 * @param domain        domain
 * @param schema        table
 * @param success       the load succeeded
 * @param count         records read
 * @param countAccepted records accepted
 * @param countRejected records rejected
 * @param timestamp     start of the job
 * @param duration      milliseconds
 * @param message       {@link #loadMessage(boolean, long)} or the failure
 * @param step          {@code LOAD} or {@code TRANSFORM}
 * @param database      database, may be null
 * @param tenant        tenant, may be null
 * @param test          a test run
 * @param scheduledDate the schedule's date of this run, may be null
 */
public record AuditRow(String jobid, String paths, String domain, String schema, boolean success, long count,
                       long countAccepted, long countRejected, Instant timestamp, long duration, String message,
                       String step, String database, String tenant, boolean test, Instant scheduledDate) {
    /** The Avro schema of audit rows. */
    public static final Schema SCHEMA = AvroResources.load("audit-row.avsc");
    public static final String LOAD = "LOAD";
    public static final String TRANSFORM = "TRANSFORM";

    public AuditRow {
        Objects.requireNonNull(jobid, "jobid");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(step, "step");
    }

    /** A LOAD row with Starlake's message ({@link #loadMessage}); no database, tenant or scheduled date. */
    public static AuditRow load(String jobid, List<String> paths, String domain, String table, boolean success,
                                long count, long accepted, long rejected, Instant start, Duration duration) {
        return new AuditRow(jobid, String.join(",", paths), domain, table, success, count, accepted, rejected, start,
                duration.toMillis(), loadMessage(success, rejected), LOAD, null, null, false, null);
    }

    /**
     * Starlake's message: {@code "success"} for a successful load (rejected rows do not fail a load), else
     * {@code "<n> invalid records"} (a load failed by {@code rejectAllOnError}).
     */
    public static String loadMessage(boolean success, long rejected) {
        return success ? "success" : rejected + " invalid records";
    }

    /** This row as an Avro record of {@link #SCHEMA}. */
    public GenericRecord toRecord() {
        GenericRecord r = new GenericData.Record(SCHEMA);
        r.put("jobid", jobid);
        r.put("paths", paths);
        r.put("domain", domain);
        r.put("schema", schema);
        r.put("success", success);
        r.put("count", count);
        r.put("countAccepted", countAccepted);
        r.put("countRejected", countRejected);
        r.put("timestamp", timestamp.toEpochMilli());
        r.put("duration", duration);
        r.put("message", message);
        r.put("step", step);
        r.put("database", database);
        r.put("tenant", tenant);
        r.put("test", test);
        r.put("scheduledDate", scheduledDate == null ? null : scheduledDate.toEpochMilli());
        return r;
    }
}
