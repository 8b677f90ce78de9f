package dev.lakestation.jobs.audit;

/** STUB (replaced by the table branch). */
public final class AuditLog {
    public static void append(java.nio.file.Path auditRoot, AuditRow row) {
    }
}
