package dev.lakestation.jobs.audit;

/** STUB (replaced by the table branch). */
public record AuditRow(String jobid, String paths, String domain, String schema, boolean success, long count,
                       long countAccepted, long countRejected, java.time.Instant timestamp, long duration,
                       String message, String step) {
}
