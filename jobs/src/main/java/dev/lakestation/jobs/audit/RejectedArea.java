package dev.lakestation.jobs.audit;

/** STUB (replaced by the table branch). */
public final class RejectedArea {
    public static void publish(java.nio.file.Path staging, java.nio.file.Path auditRoot, String jobId) {
    }
}
