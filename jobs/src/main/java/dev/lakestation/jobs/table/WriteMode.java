package dev.lakestation.jobs.table;

/** How a commit combines the staged files with the current version of a table. */
public enum WriteMode {
    /** New version = the current version's files + the staged files. */
    APPEND,
    /** New version = the staged files only. */
    OVERWRITE,
    /**
     * New version = the staged files + the current version's files outside the partition folders that received
     * staged files (Starlake's OVERWRITE_BY_PARTITION). A staged file at the table's top level replaces everything.
     */
    OVERWRITE_PARTITIONS
}
