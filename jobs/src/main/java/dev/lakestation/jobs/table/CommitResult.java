package dev.lakestation.jobs.table;

/** STUB (replaced by the table branch). */
public record CommitResult(long version, int files, long bytes) {
}
